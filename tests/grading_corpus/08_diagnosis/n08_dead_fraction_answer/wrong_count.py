# wrong: returns the number of dead units, not the share
def dead_fraction(pre):
    """Share of the columns of pre (batch, units) with pre <= 0 on every row."""
    return int(np.sum(np.all(pre <= 0, axis=0)))
