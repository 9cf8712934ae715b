# wrong: the variance factor instead of the gain, 2 / (1 + a^2)
def leaky_relu_gain(a):
    return 2.0 / (1.0 + a**2)
