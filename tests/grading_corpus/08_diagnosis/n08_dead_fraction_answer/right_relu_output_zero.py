# right: the ReLU outputs of a dead unit sum to zero
def dead_fraction(pre):
    """Share of the columns of pre (batch, units) with pre <= 0 on every row."""
    return float(np.mean(np.maximum(pre, 0.0).sum(axis=0) == 0))
