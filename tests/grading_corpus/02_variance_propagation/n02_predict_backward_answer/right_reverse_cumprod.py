# right: closed form, reversed cumulative product of the factors n_l v c
def predict_backward_std(widths, weight_std, activation="relu", grad_std=1.0):
    c = {"linear": 1.0, "relu": 0.5}[activation]
    factors = np.asarray(widths[1:], dtype=float) * weight_std**2 * c
    return grad_std * np.sqrt(np.cumprod(factors[::-1])[::-1])
