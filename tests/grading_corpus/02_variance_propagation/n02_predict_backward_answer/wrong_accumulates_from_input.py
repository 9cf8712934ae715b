# wrong: accumulates the factors from the input side (entry l-1 multiplies layers 1..l)
def predict_backward_std(widths, weight_std, activation="relu", grad_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    moment = grad_std**2
    out = []
    for l in range(1, len(widths)):
        moment = widths[l] * weight_std**2 * c * moment
        out.append(math.sqrt(moment))
    return np.array(out)
