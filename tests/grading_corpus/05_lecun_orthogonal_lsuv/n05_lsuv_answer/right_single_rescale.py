# right: one rescaling per layer, since z_l is linear in W_l it already gives variance 1 exactly
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    out, h = [], x
    for w in weights:
        w = w / np.std(h @ w.T)
        out.append(w)
        h = phi(h @ w.T)
    return out
