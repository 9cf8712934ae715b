# wrong: relative tolerance: differences compared with atol times the size of the weights
def swap_symmetric(W1, b1, W2, i, j, atol=1e-12):
    scale = max(np.abs(W1).max(), np.abs(W2).max(), 1.0)
    tol = atol * scale * 1e6
    return bool(np.max(np.abs(W1[i] - W1[j])) <= tol and abs(b1[i] - b1[j]) <= tol
                and np.max(np.abs(W2[:, i] - W2[:, j])) <= tol)
