# wrong: delegates to course_lib.init.kaiming_normal (the exercise asks for NumPy only)
def kaiming_normal(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    return init.kaiming_normal(shape, a, mode, nonlinearity, rng=rng)
