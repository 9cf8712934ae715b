# wrong: the factor 2 of the half-line is missing, sqrt(1 / (1 + a^2))
def leaky_relu_gain(a):
    return math.sqrt(1.0 / (1.0 + a**2))
