# wrong: uses Var(relu(z)) = (1/2 - 1/(2 pi)) q instead of E[relu(z)^2] = q / 2
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    c = 0.5 - 1 / (2 * math.pi) if activation == "relu" else 1.0
    moment = input_std**2
    out = []
    for n_in in widths[:-1]:
        q = n_in * weight_std**2 * moment
        out.append(math.sqrt(q))
        moment = c * q
    return np.array(out)
