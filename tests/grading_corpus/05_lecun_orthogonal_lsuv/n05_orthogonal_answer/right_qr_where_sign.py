# right: QR of the transposed Gaussian for wide shapes, sign fix written with np.where and einsum
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    flat = (shape[0], math.prod(shape[1:]))
    wide = flat[0] < flat[1]
    a = generator.standard_normal(flat[::-1] if wide else flat)
    q, r = np.linalg.qr(a)
    signs = np.where(np.diag(r) >= 0, 1.0, -1.0)
    q = np.einsum("ij,j->ij", q, signs)
    w = q.T if wide else q
    return np.reshape(gain * w, shape)
