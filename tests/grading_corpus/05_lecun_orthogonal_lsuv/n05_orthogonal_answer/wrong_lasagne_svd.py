# wrong: Lasagne's popular recipe, U or Vt of an SVD alone: right shape and orthonormal, but not Haar
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    rng = np.random.default_rng(rng)
    flat_shape = (shape[0], math.prod(shape[1:]))
    a = rng.standard_normal(flat_shape)
    u, _, v = np.linalg.svd(a, full_matrices=False)
    q = u if u.shape == flat_shape else v
    return gain * q.reshape(shape)
