# wrong: delegates to course_lib.init.kaiming_uniform
def kaiming_uniform(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    return init.kaiming_uniform(shape, a=a, mode=mode, nonlinearity=nonlinearity, rng=rng)
