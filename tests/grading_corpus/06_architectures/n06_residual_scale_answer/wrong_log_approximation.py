# wrong: the small-alpha approximation alpha^2 = log(target) / N for the unnormalized stream
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches."""
    if pre_norm:
        return math.sqrt((target - 1) / num_branches)
    return math.sqrt(math.log(target) / num_branches)
