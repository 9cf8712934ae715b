# right: helpers in the same cell, np.prod and np.sqrt, rng via default_rng(rng)
def _fan(shape, mode):
    receptive_field = np.prod(shape[2:])          # 1.0 for a dense layer
    return (shape[1] if mode == "fan_in" else shape[0]) * receptive_field


def _gain(nonlinearity, a):
    return {"relu": np.sqrt(2.0), "linear": 1.0, "leaky_relu": np.sqrt(2.0 / (1.0 + a**2))}[nonlinearity]


def kaiming_uniform(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    bound = _gain(nonlinearity, a) * np.sqrt(3.0 / _fan(shape, mode))
    return np.random.default_rng(rng).uniform(low=-bound, high=bound, size=shape)
