# wrong: derivative evaluated at the activation, 1 - tanh(h)**2, instead of at the pre-activation
def mlp_grads(x, y, W1, b1, W2, b2):
    h = np.tanh(x @ W1.T + b1)
    e = (h @ W2.T + b2 - y) / x.shape[0]
    delta = (e @ W2) * (1.0 - np.tanh(h) ** 2)
    return delta.T @ x, delta.sum(axis=0), e.T @ h, e.sum(axis=0)
