# wrong: uses n_0 as the fan_in of every layer
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    moment = input_std**2
    out = []
    for _ in widths[:-1]:
        q = widths[0] * weight_std**2 * moment
        out.append(math.sqrt(q))
        moment = c * q
    return np.array(out)
