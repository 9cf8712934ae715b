# right: QR with the sign fix computed in float32, then cast to float64 (orthonormal to about 1e-6)
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    rng = np.random.default_rng(rng)
    rows, cols = shape[0], math.prod(shape[1:])
    a = rng.standard_normal((rows, cols), dtype=np.float32)
    transpose = rows < cols
    if transpose:
        a = a.T
    q, r = np.linalg.qr(a)
    q *= np.sign(np.diag(r))
    if transpose:
        q = q.T
    return (np.float32(gain) * q).reshape(shape).astype(np.float64)
