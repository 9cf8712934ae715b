# wrong: the next layer sees phi(z_l) computed with W_l before its rescaling
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l until Var(phi(z_l)) is within tol of 1, at most max_iter times."""
    h, out = x, []
    for w in weights:
        w = np.array(w, dtype=float)
        first = phi(h @ w.T)
        a, k = first, 0
        while abs(np.var(a) - 1) >= tol and k < max_iter:
            w = w / np.sqrt(np.var(a))
            a = phi(h @ w.T)
            k += 1
        out.append(w)
        h = first
    return out
