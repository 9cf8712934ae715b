# wrong: mean and variance over every element of x
def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    return gamma * (x - x.mean()) / np.sqrt(x.var() + eps) + beta
