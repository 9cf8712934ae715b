# right: plain double loop with np.isclose(rtol=0) and a list of flags
def count_distinct_units(W, atol=1e-8):
    W = np.asarray(W, dtype=float)
    n = len(W)
    is_new = [True] * n
    for j in range(n):
        for i in range(j):
            if np.isclose(W[i], W[j], rtol=0.0, atol=atol).all():
                is_new[j] = False
                break
    return sum(is_new)
