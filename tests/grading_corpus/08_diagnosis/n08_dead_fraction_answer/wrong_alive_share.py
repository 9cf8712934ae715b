# wrong: share of units that are alive
def dead_fraction(pre):
    """Share of the columns of pre (batch, units) with pre <= 0 on every row."""
    return float(np.mean(np.any(pre > 0, axis=0)))
