# wrong: returns the fixed point q* instead of chi
def tanh_rnn_chi(sigma, input_var):
    """Mean-field chi of a tanh RNN."""
    z, w = np.polynomial.hermite_e.hermegauss(101)
    w = w / w.sum()
    q = 1.0
    for _ in range(100_000):
        q = sigma**2 * np.sum(w * np.tanh(np.sqrt(q) * z) ** 2) + input_var
    return float(q)
