# wrong: delegates to course_lib's variance_scaling imported by name
from course_lib.init import variance_scaling


def xavier_uniform(shape, gain=1.0, rng=None):
    return variance_scaling(shape, scale=gain**2, mode='fan_avg', distribution='uniform', rng=rng)
