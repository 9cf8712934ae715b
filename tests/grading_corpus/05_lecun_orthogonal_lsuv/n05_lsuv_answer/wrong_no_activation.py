# wrong: forgets the activation between layers (measures a linear network)
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    h = x
    out = []
    for w in weights:
        w = w / np.std(h @ w.T)
        out.append(w)
        h = h @ w.T
    return out
