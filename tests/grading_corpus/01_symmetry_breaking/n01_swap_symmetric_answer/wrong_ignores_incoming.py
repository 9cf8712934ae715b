# wrong: compares bias and outgoing weights but not the incoming weights
def swap_symmetric(W1, b1, W2, i, j, atol=1e-12):
    return bool(abs(b1[i] - b1[j]) <= atol and np.max(np.abs(W2[:, i] - W2[:, j])) <= atol)
