# right: helpers in the same cell, np.prod for the receptive field, a table of squared gains
GAINS_SQUARED = {"relu": lambda a: 2.0, "linear": lambda a: 1.0, "leaky_relu": lambda a: 2.0 / (1 + a**2)}


def _fans(shape):
    receptive_field = int(np.prod(shape[2:]))
    return shape[1] * receptive_field, shape[0] * receptive_field


def kaiming(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", distribution="normal", rng=None):
    fan_in, fan_out = _fans(shape)
    fan = {"fan_in": fan_in, "fan_out": fan_out}[mode]
    variance = GAINS_SQUARED[nonlinearity](a) / fan
    generator = np.random.default_rng(rng)
    if distribution == "normal":
        return generator.normal(loc=0.0, scale=np.sqrt(variance), size=tuple(shape))
    half_width = np.sqrt(3.0 * variance)
    return generator.uniform(low=-half_width, high=half_width, size=tuple(shape))
