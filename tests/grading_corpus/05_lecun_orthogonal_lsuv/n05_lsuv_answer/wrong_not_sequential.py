# wrong: all variances measured in one forward pass with the original weights, then every layer rescaled
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    h = x
    stds = []
    for w in weights:
        z = h @ w.T
        stds.append(np.std(z))
        h = phi(z)
    return [w / s for w, s in zip(weights, stds)]
