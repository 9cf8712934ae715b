# wrong: standard normal, the std argument is ignored
def init_layer(fan_in, fan_out, std, rng):
    return rng.standard_normal((fan_out, fan_in)), np.zeros(fan_out)
