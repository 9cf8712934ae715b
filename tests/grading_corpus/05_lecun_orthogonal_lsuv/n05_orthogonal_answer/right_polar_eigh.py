# right: polar decomposition without an SVD, A (A^T A)^(-1/2) via eigh, on the tall orientation
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    rng = np.random.default_rng(rng)
    rows, cols = shape[0], math.prod(shape[1:])
    a = rng.standard_normal((rows, cols))
    if rows < cols:
        a = a.T
    values, vectors = np.linalg.eigh(a.T @ a)
    q = a @ (vectors / np.sqrt(values)) @ vectors.T
    if rows < cols:
        q = q.T
    return q.reshape(shape) * gain
