# right: explicit loops over every entry
def swap_symmetric(W1, b1, W2, i, j, atol=1e-12):
    for k in range(W1.shape[1]):
        if abs(W1[i, k] - W1[j, k]) > atol:
            return False
    if abs(b1[i] - b1[j]) > atol:
        return False
    for k in range(W2.shape[0]):
        if abs(W2[k, i] - W2[k, j]) > atol:
            return False
    return True
