# right: unbiased variance (ddof=1); differs from np.var by a factor N / (N - 1), far inside tol
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    h = np.asarray(x, dtype=float)
    result = []
    for w in weights:
        w = w.copy()
        i = 0
        z = h @ w.T
        while abs(z.var(ddof=1) - 1) >= tol and i < max_iter:
            w = w / math.sqrt(z.var(ddof=1))
            z = h @ w.T
            i += 1
        result.append(w)
        h = phi(z)
    return result
