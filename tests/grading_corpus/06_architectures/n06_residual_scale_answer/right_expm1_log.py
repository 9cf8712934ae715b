# right: the unnormalized case through expm1(log(target) / N), which is target^(1/N) - 1 exactly
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches to take variance 1 to target."""
    if pre_norm:
        return math.sqrt((target - 1.0) / num_branches)
    return math.sqrt(math.expm1(math.log(target) / num_branches))
