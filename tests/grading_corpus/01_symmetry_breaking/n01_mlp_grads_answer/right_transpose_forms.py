# right: column-vector convention internally (W1 @ x.T), transposed back at the end
def mlp_grads(x, y, W1, b1, W2, b2):
    H = np.tanh(W1 @ x.T + b1[:, None])          # (n_hidden, B)
    F = W2 @ H + b2[:, None]                     # (n_out, B)
    E = (F - y.T) / x.shape[1 - 1]
    D = (W2.T @ E) * (1 - H**2)                  # (n_hidden, B)
    return D @ x, D.sum(axis=1), E @ H.T, E.sum(axis=1)
