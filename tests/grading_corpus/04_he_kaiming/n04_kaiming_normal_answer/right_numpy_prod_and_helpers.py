# right: helpers defined in the same cell, np.prod for the receptive field
def _fans(shape):
    receptive_field = int(np.prod(shape[2:]))
    return shape[1] * receptive_field, shape[0] * receptive_field


def _gain(nonlinearity, a):
    if nonlinearity == "linear":
        return 1.0
    slope = a if nonlinearity == "leaky_relu" else 0.0
    return np.sqrt(2.0 / (1.0 + slope**2))


def kaiming_normal(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    fan_in, fan_out = _fans(shape)
    fan = {"fan_in": fan_in, "fan_out": fan_out}[mode]
    generator = np.random.default_rng(rng)
    return generator.normal(loc=0.0, scale=_gain(nonlinearity, a) / np.sqrt(fan), size=tuple(shape))
