# wrong: biases' gradients averaged again over the batch (divides by B twice)
def mlp_grads(x, y, W1, b1, W2, b2):
    h = np.tanh(x @ W1.T + b1)
    e = (h @ W2.T + b2 - y) / x.shape[0]
    delta = (e @ W2) * (1.0 - h**2)
    return delta.T @ x, delta.mean(axis=0), e.T @ h, e.mean(axis=0)
