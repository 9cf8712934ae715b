# right: recursion on the std, sqrt(c n v) per layer
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    scale = 1 / math.sqrt(2) if activation == "relu" else 1.0
    out = []
    rms = input_std
    for n_in in widths[:-1]:
        std = math.sqrt(n_in) * weight_std * rms
        out.append(std)
        rms = std * scale
    return np.array(out)
