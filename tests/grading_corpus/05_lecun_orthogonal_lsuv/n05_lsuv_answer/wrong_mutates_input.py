# wrong: rescales the caller's arrays in place (w /= s)
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l until Var(phi(z_l)) is within tol of 1, at most max_iter times."""
    h = x
    for w in weights:
        k = 0
        while abs(np.var(phi(h @ w.T)) - 1) >= tol and k < max_iter:
            w /= np.sqrt(np.var(phi(h @ w.T)))
            k += 1
        h = phi(h @ w.T)
    return list(weights)
