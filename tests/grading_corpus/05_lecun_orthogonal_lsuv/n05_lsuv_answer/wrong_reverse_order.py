# wrong: processes the layers from last to first, each measured with unscaled layers before it
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    new = [w.copy() for w in weights]
    for l in reversed(range(len(new))):
        h = x
        for w in new[:l]:
            h = phi(h @ w.T)
        new[l] = new[l] / np.std(h @ new[l].T)
    return new
