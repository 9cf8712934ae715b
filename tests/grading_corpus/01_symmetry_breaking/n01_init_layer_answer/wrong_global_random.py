# wrong: ignores rng and draws from NumPy's global generator
def init_layer(fan_in, fan_out, std, rng):
    return np.random.normal(0.0, std, size=(fan_out, fan_in)), np.zeros(fan_out)
