# wrong: entries in the order they are computed (top first) instead of l = 1..L
def predict_backward_std(widths, weight_std, activation="relu", grad_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    moment = grad_std**2
    out = []
    for l in range(len(widths) - 1, 0, -1):
        moment = widths[l] * weight_std**2 * c * moment
        out.append(math.sqrt(moment))
    return np.array(out)
