# wrong: "or" instead of "and": one matching part is taken as enough
def swap_symmetric(W1, b1, W2, i, j, atol=1e-12):
    same_in = np.max(np.abs(W1[i] - W1[j])) <= atol
    same_b = abs(b1[i] - b1[j]) <= atol
    same_out = np.max(np.abs(W2[:, i] - W2[:, j])) <= atol
    return bool(same_in or (same_b and same_out))
