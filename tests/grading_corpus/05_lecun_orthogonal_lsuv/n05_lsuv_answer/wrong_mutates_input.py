# wrong: rescales the caller's arrays in place (W /= s) and returns them
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    h = x
    for w in weights:
        z = h @ w.T
        rounds = 0
        while abs(np.var(z) - 1) >= tol and rounds < max_iter:
            w /= np.sqrt(np.var(z))
            z = h @ w.T
            rounds += 1
        h = phi(z)
    return weights
