# wrong: error taken as y - f (every gradient has the wrong sign)
def mlp_grads(x, y, W1, b1, W2, b2):
    h = np.tanh(x @ W1.T + b1)
    e = (y - (h @ W2.T + b2)) / x.shape[0]
    delta = (e @ W2) * (1.0 - h**2)
    return delta.T @ x, delta.sum(axis=0), e.T @ h, e.sum(axis=0)
