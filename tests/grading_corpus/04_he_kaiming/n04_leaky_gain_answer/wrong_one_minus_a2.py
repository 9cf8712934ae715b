# wrong: sqrt(2 / (1 - a^2)), the sign of the negative part's contribution flipped
def leaky_relu_gain(a):
    return math.sqrt(2.0 / abs(1.0 - a**2)) if a * a != 1 else 1.0
