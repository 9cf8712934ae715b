# right: np.isclose with rtol=0 on the three parts
def swap_symmetric(W1, b1, W2, i, j, atol=1e-12):
    parts = [(W1[i], W1[j]), (b1[i], b1[j]), (W2[:, i], W2[:, j])]
    return all(bool(np.isclose(u, v, rtol=0.0, atol=atol).all()) for u, v in parts)
