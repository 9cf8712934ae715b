# wrong: copied from the release: the factor (1 + a**2) / 2 that the section-4 cell prints, under a square root
def leaky_relu_gain(a):
    return math.sqrt((1 + a**2) / 2)
