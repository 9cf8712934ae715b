# wrong: ignores the atol argument (always exact equality)
def swap_symmetric(W1, b1, W2, i, j, atol=1e-12):
    return bool(np.array_equal(W1[i], W1[j]) and b1[i] == b1[j] and np.array_equal(W2[:, i], W2[:, j]))
