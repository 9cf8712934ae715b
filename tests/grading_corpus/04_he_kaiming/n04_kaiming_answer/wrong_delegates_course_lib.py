# wrong: delegates to course_lib.init.kaiming_normal / kaiming_uniform (the exercise asks for NumPy only)
def kaiming(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", distribution="normal", rng=None):
    draw = init.kaiming_uniform if distribution == "uniform" else init.kaiming_normal
    return draw(shape, a, mode, nonlinearity, rng=rng)
