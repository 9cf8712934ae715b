# right: physicists' Gauss-Hermite nodes (weight exp(-x^2)), rescaled by sqrt(2) and 1/sqrt(pi)
def tanh_rnn_chi(sigma, input_var):
    """Mean-field chi of a tanh RNN."""
    x, w = np.polynomial.hermite.hermgauss(120)
    z, w = np.sqrt(2.0) * x, w / np.sqrt(np.pi)
    q = 1.0
    for _ in range(100_000):
        q_old = q
        q = sigma * sigma * float(w @ np.tanh(np.sqrt(q) * z) ** 2) + input_var
        if abs(q - q_old) < 1e-14:
            break
    return sigma * sigma * float(w @ (1.0 / np.cosh(np.sqrt(q) * z)) ** 4)
