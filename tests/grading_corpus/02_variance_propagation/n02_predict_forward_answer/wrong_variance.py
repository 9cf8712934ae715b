# wrong: returns variances instead of standard deviations
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    moment = input_std**2
    out = []
    for n_in in widths[:-1]:
        q = n_in * weight_std**2 * moment
        out.append(q)
        moment = c * q
    return np.array(out)
