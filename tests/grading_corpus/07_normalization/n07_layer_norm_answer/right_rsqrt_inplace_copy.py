# right: works in place on a copy of x
def layer_norm(x, gamma, beta, eps=1e-5):
    y = np.array(x, dtype=np.float64, copy=True)
    y -= y.mean(axis=-1, keepdims=True)
    y /= np.sqrt((y**2).mean(axis=-1, keepdims=True) + eps)
    y *= gamma
    y += beta
    return y
