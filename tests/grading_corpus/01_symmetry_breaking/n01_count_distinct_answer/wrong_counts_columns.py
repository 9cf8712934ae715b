# wrong: counts distinct columns (inputs) instead of rows (units)
def count_distinct_units(W, atol=1e-8):
    W = np.asarray(W, dtype=float)
    reps = []
    for col in W.T:
        if not any(np.max(np.abs(col - r)) <= atol for r in reps):
            reps.append(col)
    return len(reps)
