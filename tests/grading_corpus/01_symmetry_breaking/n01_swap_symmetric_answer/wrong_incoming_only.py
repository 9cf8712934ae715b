# wrong: compares only the incoming weights (rows of W1)
def swap_symmetric(W1, b1, W2, i, j, atol=1e-12):
    return bool(np.max(np.abs(W1[i] - W1[j])) <= atol)
