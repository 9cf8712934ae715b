# right: np.std (biased by default), eps added to the variance
def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    mu = np.mean(x, axis=-1, keepdims=True)
    sd = np.sqrt(np.std(x, axis=-1, keepdims=True) ** 2 + eps)
    return gamma * ((x - mu) / sd) + beta
