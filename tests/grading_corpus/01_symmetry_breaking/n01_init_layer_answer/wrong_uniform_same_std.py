# wrong: uniform with the right standard deviation, but not normal
def init_layer(fan_in, fan_out, std, rng):
    a = np.sqrt(3.0) * std
    return rng.uniform(-a, a, size=(fan_out, fan_in)), np.zeros(fan_out)
