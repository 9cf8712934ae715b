# wrong: uses 1/sqrt(fan_in) as the standard deviation instead of std
def init_layer(fan_in, fan_out, std, rng):
    return rng.normal(0.0, 1.0 / np.sqrt(fan_in), size=(fan_out, fan_in)), np.zeros(fan_out)
