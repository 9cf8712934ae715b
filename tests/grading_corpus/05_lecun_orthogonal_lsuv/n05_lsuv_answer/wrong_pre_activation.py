# wrong: measures the pre-activation z_l (the old exercise) instead of phi(z_l)
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l until Var(phi(z_l)) is within tol of 1, at most max_iter times."""
    h, out = x, []
    for w in weights:
        w = np.array(w, dtype=float)
        z = h @ w.T
        k = 0
        while abs(np.var(z) - 1) >= tol and k < max_iter:
            w = w / np.sqrt(np.var(z))
            z = h @ w.T
            k += 1
        out.append(w)
        h = phi(z)
    return out
