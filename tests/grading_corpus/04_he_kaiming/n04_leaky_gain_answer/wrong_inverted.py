# wrong: the inverse, sqrt((1 + a^2) / 2)
def leaky_relu_gain(a):
    return math.sqrt((1.0 + a**2) / 2.0)
