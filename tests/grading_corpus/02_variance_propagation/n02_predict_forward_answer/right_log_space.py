# right: sums of logarithms, then exp
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    logs = np.log(np.array(widths[:-1], dtype=float) * weight_std**2)
    logs[1:] += math.log(c)
    return np.exp(0.5 * (np.cumsum(logs) + math.log(input_std**2)))
