# wrong: dW2 in (n_hidden, n_out) layout instead of W2's (n_out, n_hidden)
def mlp_grads(x, y, W1, b1, W2, b2):
    h = np.tanh(x @ W1.T + b1)
    e = (h @ W2.T + b2 - y) / x.shape[0]
    delta = (e @ W2) * (1.0 - h**2)
    return delta.T @ x, delta.sum(axis=0), h.T @ e, e.sum(axis=0)
