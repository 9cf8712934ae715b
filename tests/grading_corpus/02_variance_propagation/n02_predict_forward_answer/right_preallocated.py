# right: preallocated array, index loop, activation checked with a dict
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    second_moment_factor = {"linear": 1.0, "relu": 0.5}[activation]
    L = len(widths) - 1
    var = np.zeros(L)
    var[0] = widths[0] * weight_std**2 * input_std**2
    for l in range(1, L):
        var[l] = widths[l] * weight_std**2 * second_moment_factor * var[l - 1]
    return np.sqrt(var)
