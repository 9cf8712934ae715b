# wrong: no centring (RMSNorm)
def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    return gamma * x / np.sqrt(np.mean(x**2, axis=-1, keepdims=True) + eps) + beta
