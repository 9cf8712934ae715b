# wrong: pre_norm read the wrong way round
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches."""
    if not pre_norm:
        return math.sqrt((target - 1) / num_branches)
    return math.sqrt(target ** (1 / num_branches) - 1)
