# right: a general variance_scaling helper written in the answer cell
def my_variance_scaling(shape, scale, mode, distribution, rng=None):
    rng = np.random.default_rng() if rng is None else rng
    receptive_field = 1
    for k in shape[2:]:
        receptive_field *= k
    fan_in, fan_out = shape[1] * receptive_field, shape[0] * receptive_field
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
    std = math.sqrt(scale / n)
    if distribution == "normal":
        return rng.normal(0.0, std, size=shape)
    return rng.uniform(-math.sqrt(3) * std, math.sqrt(3) * std, size=shape)


def xavier_uniform(shape, gain=1.0, rng=None):
    return my_variance_scaling(shape, gain**2, 'fan_avg', 'uniform', rng)
