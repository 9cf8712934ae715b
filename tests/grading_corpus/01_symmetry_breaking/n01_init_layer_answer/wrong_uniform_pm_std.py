# wrong: uniform on [-std, std] instead of a normal
def init_layer(fan_in, fan_out, std, rng):
    return rng.uniform(-std, std, size=(fan_out, fan_in)), np.zeros(fan_out)
