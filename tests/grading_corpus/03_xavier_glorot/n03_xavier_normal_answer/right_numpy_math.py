# right: np.sqrt and np.prod, default_rng(rng) passthrough
def xavier_normal(shape, gain=1.0, rng=None):
    rng = np.random.default_rng(rng)
    rf = int(np.prod(shape[2:]))
    std = gain * np.sqrt(2.0 / ((shape[0] + shape[1]) * rf))
    return rng.normal(size=shape) * std
