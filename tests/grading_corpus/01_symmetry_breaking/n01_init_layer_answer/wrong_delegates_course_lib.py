# wrong (must lose every point): delegates to course_lib.init.normal and init.zeros
def init_layer(fan_in, fan_out, std, rng):
    W = init.normal((fan_out, fan_in), 0.0, std, rng=rng)
    return W, init.zeros((fan_out,))
