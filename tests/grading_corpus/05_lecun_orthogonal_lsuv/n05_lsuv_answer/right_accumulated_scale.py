# right: keeps a running factor per layer and applies it once at the end
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    factors = []
    h = x
    for w in weights:
        c, rounds = 1.0, 0
        while rounds < max_iter:
            v = float(np.var(h @ (c * w).T))
            if abs(v - 1) < tol:
                break
            c = c / v**0.5
            rounds += 1
        factors.append(c)
        h = phi(h @ (c * w).T)
    return [c * w for c, w in zip(factors, weights)]
