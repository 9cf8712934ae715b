# right: both closed forms with ** powers
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches to take variance 1 to target."""
    if pre_norm:
        return ((target - 1) / num_branches) ** 0.5
    return (target ** (1 / num_branches) - 1) ** 0.5
