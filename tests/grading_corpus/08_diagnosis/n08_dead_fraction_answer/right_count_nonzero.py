# right: count the units with no positive entry
def dead_fraction(pre):
    """Share of the columns of pre (batch, units) with pre <= 0 on every row."""
    alive = np.count_nonzero((pre > 0).any(axis=0))
    return 1.0 - alive / pre.shape[1]
