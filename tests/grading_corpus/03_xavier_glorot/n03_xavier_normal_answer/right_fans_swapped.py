# right: fans swapped (symmetric formula)
def xavier_normal(shape, gain=1.0, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    rf = math.prod(shape[2:])
    fan_in, fan_out = shape[0] * rf, shape[1] * rf
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return rng.normal(0.0, std, size=shape)
