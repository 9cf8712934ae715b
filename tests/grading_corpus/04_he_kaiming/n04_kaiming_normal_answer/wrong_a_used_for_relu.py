# wrong: the slope a also applied for relu and linear
def kaiming_normal(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    rng = np.random.default_rng() if rng is None else rng
    rf = math.prod(shape[2:])
    fan = (shape[1] if mode == "fan_in" else shape[0]) * rf
    std = math.sqrt(2.0 / (1.0 + a * a)) / math.sqrt(fan)
    return rng.normal(0.0, std, size=shape)
