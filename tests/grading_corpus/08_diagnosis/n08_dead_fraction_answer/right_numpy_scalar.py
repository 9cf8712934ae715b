# right: returns a NumPy scalar
def dead_fraction(pre):
    """Share of the columns of pre (batch, units) with pre <= 0 on every row."""
    return np.mean(~np.any(pre > 0, axis=0))
