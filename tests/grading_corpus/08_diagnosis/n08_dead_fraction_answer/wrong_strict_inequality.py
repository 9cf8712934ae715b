# wrong: z < 0 instead of z <= 0 (a unit at exactly 0 counted as active)
def dead_fraction(pre):
    """Share of the columns of pre (batch, units) with pre <= 0 on every row."""
    return float(np.mean(np.all(pre < 0, axis=0)))
