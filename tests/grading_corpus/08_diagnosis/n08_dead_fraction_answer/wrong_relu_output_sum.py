# wrong: uses the sum of pre-activations per unit (cancellation), not the ReLU outputs
def dead_fraction(pre):
    """Share of the columns of pre (batch, units) with pre <= 0 on every row."""
    return float(np.mean(pre.sum(axis=0) <= 0))
