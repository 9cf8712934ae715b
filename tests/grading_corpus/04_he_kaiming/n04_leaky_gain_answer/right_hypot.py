# right: sqrt(2) / hypot(1, a)
def leaky_relu_gain(a):
    return math.sqrt(2) / math.hypot(1.0, a)
