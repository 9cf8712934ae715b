# right: recursion on the std, multiplying by sqrt(n_l v c) per layer
def predict_backward_std(widths, weight_std, activation="relu", grad_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    stds = []
    s = grad_std
    for n_out in reversed(widths[1:]):
        s = s * math.sqrt(n_out * c) * weight_std
        stds.append(s)
    return np.array(stds[::-1])
