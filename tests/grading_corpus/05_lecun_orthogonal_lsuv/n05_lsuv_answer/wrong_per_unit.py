# wrong: rescales every row (unit) by its own standard deviation instead of one factor per layer
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    h = x
    out = []
    for w in weights:
        z = h @ w.T
        w = w / z.std(axis=0)[:, None]
        out.append(w)
        h = phi(h @ w.T)
    return out
