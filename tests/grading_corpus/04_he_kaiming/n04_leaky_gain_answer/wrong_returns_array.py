# wrong: returns a 1-element array instead of a number
def leaky_relu_gain(a):
    return np.array([np.sqrt(2.0 / (1.0 + a**2))])
