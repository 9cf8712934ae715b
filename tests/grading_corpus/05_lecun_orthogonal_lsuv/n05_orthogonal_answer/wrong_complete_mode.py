# wrong: mode="complete" QR returns a square (rows, rows) Q whatever the shape
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    rng = np.random.default_rng(rng)
    rows, cols = shape[0], math.prod(shape[1:])
    q, r = np.linalg.qr(rng.standard_normal((rows, cols)), mode="complete")
    d = np.sign(np.diag(r))
    q[:, : len(d)] *= d
    return gain * q
