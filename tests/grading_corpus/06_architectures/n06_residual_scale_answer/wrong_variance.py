# wrong: returns alpha^2, the variance factor, not the factor on the output
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches."""
    return (target - 1) / num_branches if pre_norm else target ** (1 / num_branches) - 1
