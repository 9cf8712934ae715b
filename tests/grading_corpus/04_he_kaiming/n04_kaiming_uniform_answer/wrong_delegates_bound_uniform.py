# wrong: computes the bound itself but draws with course_lib.init.uniform bound at import time
from course_lib.init import uniform as _uniform


def kaiming_uniform(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    fan = (shape[1] if mode == "fan_in" else shape[0]) * math.prod(shape[2:])
    gain = {"relu": math.sqrt(2.0), "linear": 1.0}.get(nonlinearity, math.sqrt(2.0 / (1.0 + a * a)))
    bound = gain * math.sqrt(3.0 / fan)
    return _uniform(shape, -bound, bound, rng=rng)
