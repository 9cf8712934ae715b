# right: builds the list from the top with insert(0, ...)
def predict_backward_std(widths, weight_std, activation="relu", grad_std=1.0):
    deriv_sq = 0.5 if activation == "relu" else 1.0
    out = []
    m = grad_std**2
    for fan_out in widths[:0:-1]:
        m *= fan_out * weight_std**2 * deriv_sq
        out.insert(0, m**0.5)
    return np.array(out)
