# wrong: the variance map applied once from q = 1 instead of iterated to its fixed point
def tanh_rnn_chi(sigma, input_var):
    """Mean-field chi of a tanh RNN."""
    z, w = np.polynomial.hermite_e.hermegauss(101)
    w = w / w.sum()
    q = sigma**2 * np.sum(w * np.tanh(z) ** 2) + input_var
    return float(sigma**2 * np.sum(w * (1 - np.tanh(np.sqrt(q) * z) ** 2) ** 2))
