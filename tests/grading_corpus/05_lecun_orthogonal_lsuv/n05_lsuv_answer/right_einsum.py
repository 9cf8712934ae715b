# right: forward pass written with einsum, W stored as (fan_out, fan_in)
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    out = []
    h = x
    for W in weights:
        scale = 1.0
        z = np.einsum("bi,oi->bo", h, W)
        for _ in range(max_iter):
            variance = np.mean((z - z.mean()) ** 2)
            if abs(variance - 1.0) < tol:
                break
            scale /= np.sqrt(variance)
            z = np.einsum("bi,oi->bo", h, scale * W)
        out.append(scale * W)
        h = phi(z)
    return out
