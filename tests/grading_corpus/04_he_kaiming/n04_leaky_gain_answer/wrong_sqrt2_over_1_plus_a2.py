# wrong: the square root of 2 only, sqrt(2) / (1 + a^2)
def leaky_relu_gain(a):
    return math.sqrt(2.0) / (1.0 + a**2)
