# right: builds the swapped parameters and compares them with the originals (rtol=0)
def swap_symmetric(W1, b1, W2, i, j, atol=1e-12):
    perm = np.arange(len(b1))
    perm[[i, j]] = perm[[j, i]]
    return bool(np.allclose(W1[perm], W1, rtol=0, atol=atol)
                and np.allclose(b1[perm], b1, rtol=0, atol=atol)
                and np.allclose(W2[:, perm], W2, rtol=0, atol=atol))
