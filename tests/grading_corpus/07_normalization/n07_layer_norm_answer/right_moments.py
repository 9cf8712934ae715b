# right: variance from the moments E[x^2] - E[x]^2
def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    m = x.mean(-1)[..., None]
    v = (x * x).mean(-1)[..., None] - m * m
    v = np.maximum(v, 0.0)
    return (x - m) * (gamma / np.sqrt(v + eps)) + beta
