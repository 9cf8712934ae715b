# wrong: a normal clipped at +-2 std (atoms at the bounds, smaller std)
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
        return rng.uniform(-bound, bound, size=shape)
    return np.clip(rng.normal(0.0, std, size=shape), -2 * std, 2 * std)
