# wrong: sums over the batch instead of averaging (no 1/B)
def mlp_grads(x, y, W1, b1, W2, b2):
    h = np.tanh(x @ W1.T + b1)
    e = h @ W2.T + b2 - y
    delta = (e @ W2) * (1.0 - h**2)
    return delta.T @ x, delta.sum(axis=0), e.T @ h, e.sum(axis=0)
