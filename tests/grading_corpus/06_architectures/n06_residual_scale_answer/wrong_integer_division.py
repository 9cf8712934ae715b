# wrong: floor division (target - 1) // N is 0 for every deep network
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches."""
    if pre_norm:
        return math.sqrt((target - 1) // num_branches)
    return math.sqrt(target ** (1 / num_branches) - 1)
