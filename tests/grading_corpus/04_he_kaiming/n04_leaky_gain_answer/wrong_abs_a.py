# wrong: |a| instead of a^2, sqrt(2 / (1 + |a|))
def leaky_relu_gain(a):
    return math.sqrt(2.0 / (1.0 + abs(a)))
