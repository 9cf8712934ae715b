# wrong: a unit counted dead when its mean pre-activation is <= 0
def dead_fraction(pre):
    """Share of the columns of pre (batch, units) with pre <= 0 on every row."""
    return float(np.mean(pre.mean(axis=0) <= 0))
