# right: Box-Muller transform of uniforms from rng
def init_layer(fan_in, fan_out, std, rng):
    u1 = 1.0 - rng.random((fan_out, fan_in))     # in (0, 1]
    u2 = rng.random((fan_out, fan_in))
    W = std * np.sqrt(-2.0 * np.log(u1)) * np.cos(2 * np.pi * u2)
    return W, np.zeros(fan_out)
