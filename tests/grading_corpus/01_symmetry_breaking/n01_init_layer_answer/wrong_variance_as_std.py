# wrong: passes the variance std**2 where numpy expects the standard deviation
def init_layer(fan_in, fan_out, std, rng):
    return rng.normal(0.0, std**2, size=(fan_out, fan_in)), np.zeros(fan_out)
