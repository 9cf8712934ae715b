# right: a flat draw of fan_out * fan_in normals reshaped, bias from np.zeros_like
def init_layer(fan_in, fan_out, std, rng):
    W = (std * rng.normal(size=fan_out * fan_in)).reshape(fan_out, fan_in)
    return W, np.zeros_like(W[:, 0])
