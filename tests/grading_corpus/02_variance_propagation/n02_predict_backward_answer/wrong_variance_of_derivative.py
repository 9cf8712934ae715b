# wrong: uses Var(relu'(z)) = 1/4 instead of E[relu'(z)^2] = 1/2
def predict_backward_std(widths, weight_std, activation="relu", grad_std=1.0):
    c = 0.25 if activation == "relu" else 1.0
    moment = grad_std**2
    out = np.empty(len(widths) - 1)
    for l in range(len(widths) - 1, 0, -1):
        moment = widths[l] * weight_std**2 * c * moment
        out[l - 1] = math.sqrt(moment)
    return out
