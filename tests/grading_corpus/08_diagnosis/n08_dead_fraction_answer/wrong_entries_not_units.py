# wrong: share of inactive entries, not of units dead on every sample
def dead_fraction(pre):
    """Share of the columns of pre (batch, units) with pre <= 0 on every row."""
    return float(np.mean(pre <= 0))
