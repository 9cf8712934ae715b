# right: computes the variance first, then its square root; gains as a table
GAINS_SQUARED = {"relu": lambda a: 2.0, "linear": lambda a: 1.0, "leaky_relu": lambda a: 2.0 / (1 + a**2)}


def kaiming_normal(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    if rng is None:
        rng = np.random.default_rng()
    n = shape[1] if mode == "fan_in" else shape[0]
    for k in shape[2:]:
        n *= k
    variance = GAINS_SQUARED[nonlinearity](a) / n
    return rng.normal(size=shape) * variance**0.5
