# wrong: checks that the whole layer is constant instead of the pair i, j
def swap_symmetric(W1, b1, W2, i, j, atol=1e-12):
    return bool(np.ptp(W1, axis=0).max() <= atol and np.ptp(b1) <= atol and np.ptp(W2, axis=1).max() <= atol)
