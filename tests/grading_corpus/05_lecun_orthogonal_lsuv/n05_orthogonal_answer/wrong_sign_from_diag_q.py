# wrong: "sign fix" with the signs of Q's diagonal instead of R's: makes every Q[j, j] positive, not Haar
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    rng = np.random.default_rng(rng)
    rows, cols = shape[0], math.prod(shape[1:])
    a = rng.standard_normal((rows, cols))
    if rows < cols:
        a = a.T
    q, _ = np.linalg.qr(a)
    q = q * np.sign(np.diag(q))
    if rows < cols:
        q = q.T
    return gain * q.reshape(shape)
