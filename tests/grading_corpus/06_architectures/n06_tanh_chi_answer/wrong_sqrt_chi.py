# wrong: returns the rate of the gradient norm, sqrt(chi), not of its square
def tanh_rnn_chi(sigma, input_var):
    """Mean-field chi of a tanh RNN."""
    z, w = np.polynomial.hermite_e.hermegauss(101)
    w = w / w.sum()
    q = 1.0
    for _ in range(100_000):
        q = sigma**2 * np.sum(w * np.tanh(np.sqrt(q) * z) ** 2) + input_var
    return float(np.sqrt(sigma**2 * np.sum(w * (1 - np.tanh(np.sqrt(q) * z) ** 2) ** 2)))
