# right: U @ Vt from the SVD of a Gaussian matrix (the polar factor), Haar for any shape
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    rng = np.random.default_rng(rng)
    rows = shape[0]
    cols = int(np.prod(shape[1:]))
    u, _, vt = np.linalg.svd(rng.standard_normal((rows, cols)), full_matrices=False)
    return (gain * (u @ vt)).reshape(shape)
