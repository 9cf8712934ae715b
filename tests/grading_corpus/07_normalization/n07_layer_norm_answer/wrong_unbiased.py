# wrong: unbiased variance (ddof=1)
def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    m = x.mean(axis=-1, keepdims=True)
    v = x.var(axis=-1, keepdims=True, ddof=1)
    return gamma * (x - m) / np.sqrt(v + eps) + beta
