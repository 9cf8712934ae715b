# wrong: Gram-Schmidt on the columns of the (rows, cols) matrix: fails for wide shapes (more columns than rows)
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    rng = np.random.default_rng(rng)
    rows, cols = shape[0], math.prod(shape[1:])
    a = rng.standard_normal((rows, cols))
    q = np.zeros_like(a)
    for j in range(cols):
        v = a[:, j].copy()
        for k in range(min(j, rows)):
            v -= (q[:, k] @ a[:, j]) * q[:, k]
        norm = np.linalg.norm(v)
        q[:, j] = v / norm if norm > 1e-12 else v
    return gain * q.reshape(shape)
