# right: std times a standard normal draw
def init_layer(fan_in, fan_out, std, rng):
    return std * rng.standard_normal((fan_out, fan_in)), np.zeros(fan_out)
