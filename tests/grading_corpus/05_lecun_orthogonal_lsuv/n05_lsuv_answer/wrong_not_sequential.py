# wrong: measures every layer on the forward pass of the original weights, not the already rescaled ones
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l until Var(phi(z_l)) is within tol of 1, at most max_iter times."""
    inputs, h = [], x
    for w in weights:
        inputs.append(h)
        h = phi(h @ w.T)
    out = []
    for w, h in zip(weights, inputs):
        w = np.array(w, dtype=float)
        k = 0
        while abs(np.var(phi(h @ w.T)) - 1) >= tol and k < max_iter:
            w = w / np.sqrt(np.var(phi(h @ w.T)))
            k += 1
        out.append(w)
    return out
