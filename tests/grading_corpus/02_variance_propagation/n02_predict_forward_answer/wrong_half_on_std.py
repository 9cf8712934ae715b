# wrong: halves the std (not the variance) after each ReLU
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    std = input_std
    out = []
    for n_in in widths[:-1]:
        s = math.sqrt(n_in) * weight_std * std
        out.append(s)
        std = s / 2 if activation == "relu" else s
    return np.array(out)
