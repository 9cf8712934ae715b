# right: recursive: rescale the first layer, then recurse on the rest with phi(z_1) as the batch
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    if not weights:
        return []
    w = weights[0]
    for _ in range(max_iter):
        v = np.var(x @ w.T)
        if abs(v - 1) < tol:
            break
        w = w * (1 / np.sqrt(v))
    return [w] + lsuv_rescale(weights[1:], phi(x @ w.T), phi, tol, max_iter)
