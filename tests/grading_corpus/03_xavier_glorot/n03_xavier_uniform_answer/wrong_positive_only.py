# wrong: U(0, 2a) - a forgotten: all entries positive
def xavier_uniform(shape, gain=1.0, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    shape = tuple(shape)
    receptive_field = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * receptive_field, shape[0] * receptive_field
    a = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return 2 * a * rng.random(shape)
