# wrong: the ReLU factor 1/2 is missing
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    moment = input_std**2
    out = []
    for n_in in widths[:-1]:
        q = n_in * weight_std**2 * moment
        out.append(math.sqrt(q))
        moment = q
    return np.array(out)
