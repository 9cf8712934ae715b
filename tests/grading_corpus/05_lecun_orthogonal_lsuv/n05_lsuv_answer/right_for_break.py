# right: the loop written as a for loop over at most max_iter rounds with break
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l until Var(phi(z_l)) is within tol of 1, at most max_iter times."""
    new = [np.array(w, dtype=float, copy=True) for w in weights]
    h = x
    for l in range(len(new)):
        for _ in range(max_iter):
            v = np.var(phi(h @ new[l].T))
            if abs(v - 1) < tol:
                break
            new[l] = new[l] / np.sqrt(v)
        h = phi(h @ new[l].T)
    return new
