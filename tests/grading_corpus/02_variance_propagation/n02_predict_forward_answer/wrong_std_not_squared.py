# wrong: Var(W) taken as weight_std (not squared)
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    moment = input_std**2
    out = []
    for n_in in widths[:-1]:
        q = n_in * weight_std * moment
        out.append(math.sqrt(q))
        moment = c * q
    return np.array(out)
