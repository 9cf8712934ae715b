# wrong: std * rng.random(...): uniform on [0, std], not centred
def init_layer(fan_in, fan_out, std, rng):
    return std * rng.random((fan_out, fan_in)), np.zeros(fan_out)
