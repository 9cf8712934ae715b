# wrong: returns the square Q of the wide case as it is (shape (rows, rows) instead of shape)
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    rng = np.random.default_rng(rng)
    rows, cols = shape[0], math.prod(shape[1:])
    q, r = np.linalg.qr(rng.standard_normal((rows, cols)))
    q = q * np.sign(np.diag(r))
    return gain * (q.reshape(shape) if q.size == math.prod(shape) else q)
