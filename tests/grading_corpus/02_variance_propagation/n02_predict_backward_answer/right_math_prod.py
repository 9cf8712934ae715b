# right: each entry as an explicit product over the layers above it
def predict_backward_std(widths, weight_std, activation="relu", grad_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    L = len(widths) - 1
    return np.array([grad_std * math.sqrt(math.prod(widths[k] * weight_std**2 * c for k in range(l, L + 1)))
                     for l in range(1, L + 1)])
