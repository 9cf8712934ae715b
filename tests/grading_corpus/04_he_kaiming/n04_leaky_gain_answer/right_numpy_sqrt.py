# right: np.sqrt, returns a NumPy float
def leaky_relu_gain(a):
    return np.sqrt(2.0 / (1.0 + np.square(a)))
