# wrong: the slope a also applied for relu and linear
def kaiming_uniform(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    rng = np.random.default_rng() if rng is None else rng
    fan = (shape[1] if mode == "fan_in" else shape[0]) * math.prod(shape[2:])
    bound = math.sqrt(2.0 / (1.0 + a * a)) * math.sqrt(3.0 / fan)
    return rng.uniform(-bound, bound, size=shape)
