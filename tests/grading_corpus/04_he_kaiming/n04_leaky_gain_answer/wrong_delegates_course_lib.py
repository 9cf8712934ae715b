# wrong: delegates to course_lib.gain.calculate_gain (the exercise asks for the derivation, with math only)
from course_lib.gain import calculate_gain


def leaky_relu_gain(a):
    return calculate_gain("leaky_relu", a)
