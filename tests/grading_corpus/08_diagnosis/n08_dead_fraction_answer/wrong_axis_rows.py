# wrong: reduces over units instead of samples (rows dead, not columns)
def dead_fraction(pre):
    """Share of the columns of pre (batch, units) with pre <= 0 on every row."""
    return float(np.mean(np.all(pre <= 0, axis=1)))
