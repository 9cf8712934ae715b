# right: scipy.integrate.quad against the normal density, iterating the variance map
def tanh_rnn_chi(sigma, input_var):
    """Mean-field chi of a tanh RNN."""
    from scipy import integrate, stats

    def gauss(f, q):
        s = math.sqrt(q)
        return integrate.quad(lambda z: f(s * z) * stats.norm.pdf(z), -np.inf, np.inf, epsabs=1e-13)[0]

    q = 1.0
    for _ in range(20_000):
        new = sigma**2 * gauss(lambda a: math.tanh(a) ** 2, q) + input_var
        if abs(new - q) < 1e-12:
            q = new
            break
        q = new
    return sigma**2 * gauss(lambda a: (1 - math.tanh(a) ** 2) ** 2, q)
