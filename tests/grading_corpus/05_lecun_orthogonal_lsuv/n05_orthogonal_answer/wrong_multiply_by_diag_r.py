# wrong: Q's columns multiplied by diag(R) itself instead of its sign: the columns lose unit norm
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    rng = np.random.default_rng(rng)
    rows, cols = shape[0], math.prod(shape[1:])
    a = rng.standard_normal((rows, cols))
    if rows < cols:
        a = a.T
    q, r = np.linalg.qr(a)
    q = q * np.diag(r)
    if rows < cols:
        q = q.T
    return gain * q.reshape(shape)
