# wrong: rescales every unit (row) by its own standard deviation
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l until Var(phi(z_l)) is within tol of 1, at most max_iter times."""
    h, out = x, []
    for w in weights:
        w = np.array(w, dtype=float)
        a = phi(h @ w.T)
        k = 0
        while abs(np.var(a) - 1) >= tol and k < max_iter:
            w = w / np.std(a, axis=0)[:, None]
            a = phi(h @ w.T)
            k += 1
        out.append(w)
        h = a
    return out
