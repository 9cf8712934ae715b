# right: pairwise max-abs gaps; a row is new when no earlier row is within atol
def count_distinct_units(W, atol=1e-8):
    W = np.asarray(W, dtype=float)
    gaps = np.abs(W[:, None, :] - W[None, :, :]).max(axis=2)
    close = np.triu(gaps <= atol, k=1)
    return int(np.sum(~close.any(axis=0)))
