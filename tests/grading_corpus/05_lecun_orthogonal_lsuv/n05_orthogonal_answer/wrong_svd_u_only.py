# wrong: U of an SVD alone, only right-shaped for square matrices (and not Haar even then)
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    rng = np.random.default_rng(rng)
    rows, cols = shape[0], math.prod(shape[1:])
    u, _, _ = np.linalg.svd(rng.standard_normal((rows, cols)))
    return gain * u
