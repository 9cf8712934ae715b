# right: rows of W2.T are the outgoing weights
def swap_symmetric(W1, b1, W2, i, j, atol=1e-12):
    out = W2.T
    same = [np.abs(W1[i] - W1[j]).max(), abs(b1[i] - b1[j]), np.abs(out[i] - out[j]).max()]
    return bool(max(same) <= atol)
