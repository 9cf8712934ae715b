# wrong: the unnormalized (geometric) law used for both
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches."""
    return math.sqrt(target ** (1 / num_branches) - 1)
