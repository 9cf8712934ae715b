# wrong: fans from the channel counts only (receptive field missing)
def xavier_normal(shape, gain=1.0, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    fan_out, fan_in = shape[0], shape[1]
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return rng.normal(0.0, std, size=shape)
