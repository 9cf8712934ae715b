# right: runs the variance recursion branch by branch and bisects on alpha
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches to take variance 1 to target."""
    def final_variance(alpha):
        v = 1.0
        for _ in range(num_branches):
            v = v + alpha**2 * (1.0 if pre_norm else v)
        return v

    low, high = 0.0, math.sqrt(target)
    for _ in range(200):
        mid = (low + high) / 2
        if final_variance(mid) < target:
            low = mid
        else:
            high = mid
    return (low + high) / 2
