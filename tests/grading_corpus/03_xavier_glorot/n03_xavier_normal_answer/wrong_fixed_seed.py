# wrong: ignores rng, its own generator with a fixed seed
def xavier_normal(shape, gain=1.0, rng=None):
    shape = tuple(shape)
    receptive_field = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * receptive_field, shape[0] * receptive_field
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return np.random.default_rng(42).normal(0.0, std, size=shape)
