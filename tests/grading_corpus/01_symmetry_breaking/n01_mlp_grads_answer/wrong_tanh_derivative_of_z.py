# wrong: tanh'(z) written as 1 - z**2 (pre-activation) instead of 1 - tanh(z)**2
def mlp_grads(x, y, W1, b1, W2, b2):
    z = x @ W1.T + b1
    h = np.tanh(z)
    e = (h @ W2.T + b2 - y) / x.shape[0]
    delta = (e @ W2) * (1.0 - z**2)
    return delta.T @ x, delta.sum(axis=0), e.T @ h, e.sum(axis=0)
