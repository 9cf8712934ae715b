# wrong: returns a Python list
def predict_backward_std(widths, weight_std, activation="relu", grad_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    moment = grad_std**2
    out = [0.0] * (len(widths) - 1)
    for l in range(len(widths) - 1, 0, -1):
        moment = widths[l] * weight_std**2 * c * moment
        out[l - 1] = math.sqrt(moment)
    return out
