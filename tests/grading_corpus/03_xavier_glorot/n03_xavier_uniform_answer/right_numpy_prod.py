# right: np.prod and np.sqrt, drawn flat then reshaped
def xavier_uniform(shape, gain=1.0, rng=None):
    rng = np.random.default_rng(rng)
    k = np.prod(shape[2:])
    fan_in, fan_out = shape[1] * k, shape[0] * k
    a = gain * np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(low=-a, high=a, size=int(np.prod(shape))).reshape(shape)
