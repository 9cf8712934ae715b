# wrong: applies the ReLU factor 1/2 to the raw input as well
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    moment = c * input_std**2
    out = []
    for n_in in widths[:-1]:
        q = n_in * weight_std**2 * moment
        out.append(math.sqrt(q))
        moment = c * q
    return np.array(out)
