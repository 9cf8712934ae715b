# right: Box-Muller from rng.random
def xavier_normal(shape, gain=1.0, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    shape = tuple(shape)
    receptive_field = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * receptive_field, shape[0] * receptive_field
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    u1 = 1.0 - rng.random(shape)
    u2 = rng.random(shape)
    return std * np.sqrt(-2.0 * np.log(u1)) * np.cos(2 * np.pi * u2)
