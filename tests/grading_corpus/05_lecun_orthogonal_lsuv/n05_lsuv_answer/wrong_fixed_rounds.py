# wrong: always max_iter rescalings, ignoring the tolerance
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l until Var(phi(z_l)) is within tol of 1, at most max_iter times."""
    h, out = x, []
    for w in weights:
        w = np.array(w, dtype=float)
        for _ in range(max_iter):
            w = w / np.sqrt(np.var(phi(h @ w.T)))
        out.append(w)
        h = phi(h @ w.T)
    return out
