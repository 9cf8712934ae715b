# wrong (must lose every point): copied from the release's random_net (init.normal with the generator)
def init_layer(fan_in, fan_out, std, rng):
    W = init.normal((fan_out, fan_in), 0.0, std, rng=rng)
    return W, np.zeros(fan_out)
