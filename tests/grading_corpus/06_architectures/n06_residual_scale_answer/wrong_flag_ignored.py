# wrong: the pre-norm law used with and without normalization
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches."""
    return math.sqrt((target - 1) / num_branches)
