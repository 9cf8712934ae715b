# wrong: normalizes by the variance of the layer's input h_{l-1} instead of its output z_l
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    h = x
    out = []
    for w in weights:
        w = w / np.std(h)
        out.append(w)
        h = phi(h @ w.T)
    return out
