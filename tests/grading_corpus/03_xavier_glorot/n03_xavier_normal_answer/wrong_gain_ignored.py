# wrong: the gain is ignored
def xavier_normal(shape, gain=1.0, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    shape = tuple(shape)
    receptive_field = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * receptive_field, shape[0] * receptive_field
    return rng.normal(0.0, math.sqrt(2.0 / (fan_in + fan_out)), size=shape)
