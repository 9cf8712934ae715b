# wrong: no fixed point: the pre-activation variance taken to be the input's alone
def tanh_rnn_chi(sigma, input_var):
    """Mean-field chi of a tanh RNN."""
    z, w = np.polynomial.hermite_e.hermegauss(101)
    w = w / w.sum()
    return float(sigma**2 * np.sum(w * (1 - np.tanh(np.sqrt(input_var) * z) ** 2) ** 2))
