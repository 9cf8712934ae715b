# wrong: takes the fans and the gain from course_lib, draws with NumPy
from course_lib.fans import fan_in_and_fan_out
from course_lib.gain import calculate_gain


def kaiming(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", distribution="normal", rng=None):
    fan_in, fan_out = fan_in_and_fan_out(shape)
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan_in if mode == "fan_in" else fan_out)
    if distribution == "uniform":
        return rng.uniform(-math.sqrt(3) * std, math.sqrt(3) * std, size=shape)
    return rng.normal(0.0, std, size=shape)
