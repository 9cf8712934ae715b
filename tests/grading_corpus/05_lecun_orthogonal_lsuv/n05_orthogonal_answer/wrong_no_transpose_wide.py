# wrong: no transpose for wide shapes: QR of the (rows, cols) matrix gives a (rows, rows) Q that cannot be reshaped
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    rng = np.random.default_rng(rng)
    rows, cols = shape[0], math.prod(shape[1:])
    q, r = np.linalg.qr(rng.standard_normal((rows, cols)))
    q = q * np.sign(np.diag(r))
    return gain * q.reshape(shape)
