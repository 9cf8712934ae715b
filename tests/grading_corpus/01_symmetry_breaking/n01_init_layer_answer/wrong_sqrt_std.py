# wrong: treats the argument as a variance and takes its square root
def init_layer(fan_in, fan_out, std, rng):
    return rng.normal(0.0, np.sqrt(std), size=(fan_out, fan_in)), np.zeros(fan_out)
