# right: a float32 result (relative error 1e-7, within the tolerance)
def leaky_relu_gain(a):
    return np.float32(np.sqrt(2.0 / (1.0 + a**2)))
