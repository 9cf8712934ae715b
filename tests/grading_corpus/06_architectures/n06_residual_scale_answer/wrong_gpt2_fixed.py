# wrong: GPT-2's 1/sqrt(N) whatever the target and the normalization
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches."""
    return 1 / math.sqrt(num_branches)
