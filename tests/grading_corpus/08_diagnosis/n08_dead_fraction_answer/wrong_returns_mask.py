# wrong: returns the per-unit mask instead of a number
def dead_fraction(pre):
    """Share of the columns of pre (batch, units) with pre <= 0 on every row."""
    return np.all(pre <= 0, axis=0)
