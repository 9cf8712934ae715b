# wrong: the next layer's input is phi of z computed before the rescaling
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    h = x
    out = []
    for w in weights:
        z = h @ w.T
        v = np.var(z)
        if abs(v - 1) >= tol:
            w = w / np.sqrt(v)
        out.append(w)
        h = phi(z)
    return out
