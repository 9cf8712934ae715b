# wrong: matrix rank (linearly independent rows) instead of distinct rows
def count_distinct_units(W, atol=1e-8):
    return int(np.linalg.matrix_rank(np.asarray(W, dtype=float), tol=atol))
