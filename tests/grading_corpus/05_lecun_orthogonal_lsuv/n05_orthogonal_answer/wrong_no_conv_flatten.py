# wrong: no flattening of conv shapes: np.linalg.qr treats a 4-D array as a stack of small matrices
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    rng = np.random.default_rng(rng)
    a = rng.standard_normal(shape)
    wide = shape[-2] < shape[-1]
    if wide:
        a = np.swapaxes(a, -1, -2)
    q, r = np.linalg.qr(a)
    q = q * np.sign(np.diagonal(r, axis1=-2, axis2=-1))[..., None, :]
    if wide:
        q = np.swapaxes(q, -1, -2)
    return gain * q
