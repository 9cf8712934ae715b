# wrong: bias of shape (fan_out, 1) instead of (fan_out,)
def init_layer(fan_in, fan_out, std, rng):
    return rng.normal(0.0, std, size=(fan_out, fan_in)), np.zeros((fan_out, 1))
