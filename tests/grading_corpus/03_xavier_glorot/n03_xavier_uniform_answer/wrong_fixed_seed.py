# wrong: ignores rng, creates its own generator with a fixed seed
def xavier_uniform(shape, gain=1.0, rng=None):
    shape = tuple(shape)
    receptive_field = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * receptive_field, shape[0] * receptive_field
    own = np.random.default_rng(0)
    a = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return own.uniform(-a, a, size=shape)
