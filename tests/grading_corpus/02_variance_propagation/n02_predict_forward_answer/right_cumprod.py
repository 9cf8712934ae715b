# right: closed form with np.cumprod
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    c = 0.5 if activation == "relu" else 1.0
    fans = np.asarray(widths[:-1], dtype=float)
    factors = fans * weight_std**2
    factors[1:] *= c
    return np.sqrt(input_std**2 * np.cumprod(factors))
