# right: each unit as one vector (incoming row, bias, outgoing column), then one comparison
def swap_symmetric(W1, b1, W2, i, j, atol=1e-12):
    W1, b1, W2 = np.asarray(W1), np.asarray(b1), np.asarray(W2)
    unit = lambda k: np.concatenate([W1[k], [b1[k]], W2[:, k]])  # noqa: E731
    return np.max(np.abs(unit(i) - unit(j))) <= atol
