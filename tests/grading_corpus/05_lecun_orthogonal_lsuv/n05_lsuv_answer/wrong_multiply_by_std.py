# wrong: multiplies W by the standard deviation instead of dividing
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    h = x
    out = []
    for w in weights:
        z = h @ w.T
        rounds = 0
        while abs(np.var(z) - 1) >= tol and rounds < max_iter:
            w = w * np.std(z)
            z = h @ w.T
            rounds += 1
        out.append(w)
        h = phi(z)
    return out
