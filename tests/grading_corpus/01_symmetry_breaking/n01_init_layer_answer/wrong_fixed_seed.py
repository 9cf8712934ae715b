# wrong: ignores rng and creates its own generator with a fixed seed
def init_layer(fan_in, fan_out, std, rng):
    own = np.random.default_rng(0)
    return own.normal(0.0, std, size=(fan_out, fan_in)), np.zeros(fan_out)
