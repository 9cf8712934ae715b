# right: while True with an explicit counter, np.std for the square root of the variance
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l until Var(phi(z_l)) is within tol of 1, at most max_iter times."""
    result = []
    inputs = x
    for weight in weights:
        current = weight * 1.0
        count = 0
        while True:
            out = phi(inputs @ current.T)
            if abs(out.var() - 1) < tol or count >= max_iter:
                break
            current = current / out.std()
            count += 1
        result.append(current)
        inputs = out
    return result
