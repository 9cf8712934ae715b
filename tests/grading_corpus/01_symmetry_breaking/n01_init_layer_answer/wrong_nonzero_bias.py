# wrong: random biases instead of zeros
def init_layer(fan_in, fan_out, std, rng):
    return rng.normal(0.0, std, size=(fan_out, fan_in)), rng.normal(0.0, std, size=fan_out)
