# wrong: the ReLU gain sqrt(2) whatever the slope
def leaky_relu_gain(a):
    return math.sqrt(2.0)
