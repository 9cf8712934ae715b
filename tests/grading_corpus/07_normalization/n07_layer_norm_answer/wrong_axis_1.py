# wrong: hard-codes axis=1 (right for 2-D inputs only)
def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    m = x.mean(axis=1, keepdims=True)
    return gamma * (x - m) / np.sqrt(x.var(axis=1, keepdims=True) + eps) + beta
