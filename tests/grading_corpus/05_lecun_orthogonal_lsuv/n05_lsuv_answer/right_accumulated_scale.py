# right: keeps one accumulated scale per layer and multiplies the original weight once
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l until Var(phi(z_l)) is within tol of 1, at most max_iter times."""
    out, h = [], np.asarray(x, dtype=float)
    for w in weights:
        scale, rounds = 1.0, 0
        act = phi(h @ w.T)
        while rounds < max_iter and not abs(act.var() - 1) < tol:
            scale = scale / act.std()
            act = phi(h @ (scale * w).T)
            rounds += 1
        out.append(scale * w)
        h = act
    return out
