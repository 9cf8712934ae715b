# wrong: sign fix applied to the first column only: the first column is uniform, the others are not
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    rng = np.random.default_rng(rng)
    rows, cols = shape[0], math.prod(shape[1:])
    a = rng.standard_normal((rows, cols))
    if rows < cols:
        a = a.T
    q, r = np.linalg.qr(a)
    q[:, 0] *= np.sign(r[0, 0])
    if rows < cols:
        q = q.T
    return gain * q.reshape(shape)
