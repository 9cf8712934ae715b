# wrong: np.allclose with its default tolerances (rtol=1e-5, atol=1e-8) instead of atol only
def swap_symmetric(W1, b1, W2, i, j, atol=1e-12):
    return bool(np.allclose(W1[i], W1[j]) and np.allclose(b1[i], b1[j]) and np.allclose(W2[:, i], W2[:, j]))
