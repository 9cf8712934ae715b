# right: ** 0.5 instead of sqrt
def leaky_relu_gain(a):
    return (2 / (1 + a * a)) ** 0.5
