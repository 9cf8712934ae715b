# right: einsum for the layer and the sample variance (ddof=1): a negligible difference on a large batch
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l until Var(phi(z_l)) is within tol of 1, at most max_iter times."""
    h, out = x, []
    for w in weights:
        w = w.copy()
        a = phi(np.einsum("bi,oi->bo", h, w))
        k = 0
        while abs(a.var(ddof=1) - 1) >= tol and k < max_iter:
            w = w / np.sqrt(a.var(ddof=1))
            a = phi(np.einsum("bi,oi->bo", h, w))
            k += 1
        out.append(w)
        h = a
    return out
