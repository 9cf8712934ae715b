# right: fan_in and fan_out swapped (Glorot's formula is symmetric in the fans)
def xavier_uniform(shape, gain=1.0, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    receptive_field = math.prod(shape[2:])
    fan_in, fan_out = shape[0] * receptive_field, shape[1] * receptive_field
    a = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=shape)
