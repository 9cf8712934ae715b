# wrong: returns inside the loop, so only the first layer is rescaled
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    h = x
    out = [w.copy() for w in weights]
    for l, w in enumerate(weights):
        z = h @ w.T
        out[l] = w / np.std(z)
        h = phi(h @ out[l].T)
        return out
