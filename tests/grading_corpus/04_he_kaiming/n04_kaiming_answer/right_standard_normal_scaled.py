# right: standard_normal times the std; the uniform from rng.random
def kaiming(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", distribution="normal", rng=None):
    rng = np.random.default_rng() if rng is None else rng
    rf = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * rf, shape[0] * rf
    fan = fan_in if mode == "fan_in" else fan_out
    if nonlinearity == "relu":
        gain = math.sqrt(2.0)
    elif nonlinearity == "leaky_relu":
        gain = math.sqrt(2.0 / (1.0 + a * a))
    else:
        gain = 1.0
    std = gain / math.sqrt(fan)
    if distribution == "uniform":
        bound = math.sqrt(3.0) * std
        return (2.0 * rng.random(shape) - 1.0) * bound
    return rng.standard_normal(shape) * std
