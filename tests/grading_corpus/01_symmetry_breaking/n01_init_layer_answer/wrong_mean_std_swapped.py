# wrong: mean and standard deviation swapped in rng.normal
def init_layer(fan_in, fan_out, std, rng):
    return rng.normal(std, 1.0, size=(fan_out, fan_in)), np.zeros(fan_out)
