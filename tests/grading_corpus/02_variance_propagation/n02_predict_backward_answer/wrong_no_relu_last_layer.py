# wrong: treats the last layer as linear (no ReLU factor there)
def predict_backward_std(widths, weight_std, activation="relu", grad_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    L = len(widths) - 1
    moment = grad_std**2
    out = np.empty(L)
    for l in range(L, 0, -1):
        factor = 1.0 if l == L else c
        moment = widths[l] * weight_std**2 * factor * moment
        out[l - 1] = math.sqrt(moment)
    return out
