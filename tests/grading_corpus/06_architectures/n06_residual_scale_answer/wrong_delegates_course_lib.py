# wrong (delegates to course_lib): course_lib.attention.residual_stack with exactly variance-preserving branches, bisected
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches, found with course_lib.attention."""
    from course_lib import attention as _attention
    x0 = np.random.default_rng(0).normal(size=(4096, 32))
    rotations = [np.linalg.qr(np.random.default_rng(i).normal(size=(32, 32)))[0] for i in range(num_branches)]
    branches = [lambda x, r=r: x @ r for r in rotations]
    low, high = 0.0, math.sqrt(target)
    for _ in range(60):
        mid = (low + high) / 2
        v = _attention.residual_stack(x0, branches, alpha=mid, pre_norm=pre_norm)
        low, high = (mid, high) if v[-1] / v[0] < target else (low, mid)
    return (low + high) / 2
