# wrong: uses PyTorch's default slope 0.01 instead of a
def leaky_relu_gain(a=0.01):
    slope = 0.01
    return math.sqrt(2.0 / (1.0 + slope**2))
