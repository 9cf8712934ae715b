# right: the fixed point found by a root finder instead of by iteration
def tanh_rnn_chi(sigma, input_var):
    """Mean-field chi of a tanh RNN."""
    from scipy.optimize import brentq
    z, w = np.polynomial.hermite_e.hermegauss(101)
    w = w / w.sum()

    def gap(q):
        return sigma**2 * np.sum(w * np.tanh(np.sqrt(q) * z) ** 2) + input_var - q

    if gap(1e-300) <= 0:   # no input and sigma <= 1: the state dies out
        q = 0.0
    else:
        q = brentq(gap, 1e-300, sigma**2 + input_var + 1.0, xtol=1e-15, rtol=1e-14)
    return float(sigma**2 * np.sum(w * (1 - np.tanh(np.sqrt(q) * z) ** 2) ** 2))
