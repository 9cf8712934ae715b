# right: one example at a time with outer products, averaged at the end
def mlp_grads(x, y, W1, b1, W2, b2):
    dW1, db1 = np.zeros_like(W1, dtype=float), np.zeros_like(b1, dtype=float)
    dW2, db2 = np.zeros_like(W2, dtype=float), np.zeros_like(b2, dtype=float)
    for xb, yb in zip(x, y):
        h = np.tanh(W1 @ xb + b1)
        err = W2 @ h + b2 - yb
        delta = (W2.T @ err) / np.cosh(W1 @ xb + b1) ** 2
        dW1 += np.outer(delta, xb)
        db1 += delta
        dW2 += np.outer(err, h)
        db2 += err
    n = len(x)
    return dW1 / n, db1 / n, dW2 / n, db2 / n
