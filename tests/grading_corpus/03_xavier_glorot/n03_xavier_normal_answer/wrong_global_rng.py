# wrong: ignores rng, NumPy's global generator (not seeded)
def xavier_normal(shape, gain=1.0, rng=None):
    shape = tuple(shape)
    receptive_field = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * receptive_field, shape[0] * receptive_field
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return np.random.normal(0.0, std, size=shape)
