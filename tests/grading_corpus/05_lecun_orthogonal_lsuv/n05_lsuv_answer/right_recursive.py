# right: recursion over the layers, each layer's loop as a nested function
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l until Var(phi(z_l)) is within tol of 1, at most max_iter times."""
    def fit(w, h, rounds=0):
        a = phi(h @ w.T)
        if abs(np.var(a) - 1) < tol or rounds == max_iter:
            return w, a
        return fit(w / np.sqrt(np.var(a)), h, rounds + 1)

    if not weights:
        return []
    w, a = fit(np.array(weights[0], dtype=float), x)
    return [w] + lsuv_rescale(list(weights[1:]), a, phi, tol, max_iter)
