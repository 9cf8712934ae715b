# right: modified Gram-Schmidt on the columns of the tall orientation (positive norms = QR with positive R)
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    if rng is None or isinstance(rng, int):
        rng = np.random.default_rng(rng)
    rows, cols = shape[0], math.prod(shape[1:])
    tall = rng.standard_normal((max(rows, cols), min(rows, cols)))
    q = tall.copy()
    for j in range(q.shape[1]):
        for k in range(j):
            q[:, j] -= (q[:, k] @ q[:, j]) * q[:, k]
        q[:, j] /= np.linalg.norm(q[:, j])
    if rows < cols:
        q = q.T
    return gain * q.reshape(shape)
