# wrong: takes the fans and the gain from course_lib, draws with NumPy
from course_lib.fans import fan_in_and_fan_out
from course_lib.gain import calculate_gain


def kaiming_normal(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    fan_in, fan_out = fan_in_and_fan_out(shape)
    fan = fan_in if mode == "fan_in" else fan_out
    return rng.normal(0.0, calculate_gain(nonlinearity, a) / math.sqrt(fan), size=shape)
