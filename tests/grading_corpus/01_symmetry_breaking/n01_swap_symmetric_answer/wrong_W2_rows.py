# wrong: takes the outgoing weights as rows of W2 instead of columns
def swap_symmetric(W1, b1, W2, i, j, atol=1e-12):
    return bool(np.max(np.abs(W1[i] - W1[j])) <= atol and abs(b1[i] - b1[j]) <= atol
                and np.max(np.abs(W2[i] - W2[j])) <= atol)
