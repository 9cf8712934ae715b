# wrong: gamma and beta swapped
def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    m = x.mean(axis=-1, keepdims=True)
    return beta * (x - m) / np.sqrt(x.var(axis=-1, keepdims=True) + eps) + gamma
