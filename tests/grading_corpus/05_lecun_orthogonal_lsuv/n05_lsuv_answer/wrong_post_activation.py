# wrong: measures the variance after the activation, phi(z_l), instead of z_l
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    h = x
    out = []
    for w in weights:
        w = w.copy()
        rounds = 0
        while abs(np.var(phi(h @ w.T)) - 1) >= tol and rounds < max_iter:
            w = w / np.sqrt(np.var(phi(h @ w.T)))
            rounds += 1
        out.append(w)
        h = phi(h @ w.T)
    return out
