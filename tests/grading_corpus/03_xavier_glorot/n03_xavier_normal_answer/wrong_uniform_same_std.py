# wrong: a uniform with the right variance instead of a normal
def xavier_normal(shape, gain=1.0, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    shape = tuple(shape)
    receptive_field = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * receptive_field, shape[0] * receptive_field
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    a = math.sqrt(3.0) * std
    return rng.uniform(-a, a, size=shape)
