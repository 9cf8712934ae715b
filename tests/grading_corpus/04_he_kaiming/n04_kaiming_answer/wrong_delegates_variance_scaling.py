# wrong: binds course_lib's variance_scaling at import time, then delegates the drawing to it
from course_lib.init import variance_scaling as _variance_scaling


def kaiming(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", distribution="normal", rng=None):
    gain_squared = {"relu": 2.0, "linear": 1.0}.get(nonlinearity, 2.0 / (1.0 + a * a))
    return _variance_scaling(shape, scale=gain_squared, mode=mode, distribution=distribution, rng=rng)
