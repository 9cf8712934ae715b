# wrong: centres x in place, changing the caller's array
def layer_norm(x, gamma, beta, eps=1e-5):
    x -= x.mean(axis=-1, keepdims=True)
    x /= np.sqrt(x.var(axis=-1, keepdims=True) + eps)
    return gamma * x + beta
