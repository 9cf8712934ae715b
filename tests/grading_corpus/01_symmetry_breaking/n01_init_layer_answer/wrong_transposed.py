# wrong: W of shape (fan_in, fan_out) instead of PyTorch's (fan_out, fan_in)
def init_layer(fan_in, fan_out, std, rng):
    return rng.normal(0.0, std, size=(fan_in, fan_out)), np.zeros(fan_out)
