# wrong: forgets that the stream starts at variance 1 (the branches must add target - 1)
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches."""
    if pre_norm:
        return math.sqrt(target / num_branches)
    return math.sqrt((1 + target) ** (1 / num_branches) - 1)
