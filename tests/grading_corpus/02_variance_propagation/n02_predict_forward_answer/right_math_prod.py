# right: closed form with math.prod, layer by layer
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    L = len(widths) - 1
    out = []
    for layer in range(1, L + 1):
        q = input_std**2 * widths[0] * weight_std**2
        q *= math.prod(c * widths[k - 1] * weight_std**2 for k in range(2, layer + 1))
        out.append(q**0.5)
    return np.array(out, dtype=float)
