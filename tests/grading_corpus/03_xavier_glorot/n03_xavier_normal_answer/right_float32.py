# right: float32 draws
def xavier_normal(shape, gain=1.0, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    shape = tuple(shape)
    receptive_field = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * receptive_field, shape[0] * receptive_field
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return rng.standard_normal(shape, dtype=np.float32) * np.float32(std)
