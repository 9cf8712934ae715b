# wrong: (N alpha)^2 = target - 1, as if the branches' outputs added coherently
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches."""
    if pre_norm:
        return math.sqrt(target - 1) / num_branches
    return math.sqrt(target ** (1 / num_branches) - 1)
