# wrong: the blog post's loop: a tolerance but no iteration limit (after tanh it runs until the units saturate)
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l until Var(phi(z_l)) is within tol of 1, at most max_iter times."""
    h, out = x, []
    for w in weights:
        w = np.array(w, dtype=float)
        a = phi(h @ w.T)
        while abs(np.var(a) - 1) >= tol:
            w = w / np.sqrt(np.var(a))
            a = phi(h @ w.T)
        out.append(w)
        h = a
    return out
