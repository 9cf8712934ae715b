# wrong: dW1 in (n_in, n_hidden) layout instead of W1's (n_hidden, n_in)
def mlp_grads(x, y, W1, b1, W2, b2):
    h = np.tanh(x @ W1.T + b1)
    e = (h @ W2.T + b2 - y) / x.shape[0]
    delta = (e @ W2) * (1.0 - h**2)
    return x.T @ delta, delta.sum(axis=0), e.T @ h, e.sum(axis=0)
