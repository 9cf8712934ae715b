# wrong (copied from the release): the notebook's residual-stream simulation, bisecting alpha on course_lib.attention
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches, found by simulation."""
    width = 64
    x0 = np.random.default_rng(8).normal(size=(128, width))
    branches = [attention.mlp_branch(width, rng=np.random.default_rng([num_branches, i]))
                for i in range(num_branches)]
    low, high = 0.0, math.sqrt(target)
    for _ in range(40):
        mid = (low + high) / 2
        v = attention.residual_stack(x0, branches, alpha=mid, pre_norm=pre_norm)
        low, high = (mid, high) if v[-1] / v[0] < target else (low, mid)
    return (low + high) / 2
