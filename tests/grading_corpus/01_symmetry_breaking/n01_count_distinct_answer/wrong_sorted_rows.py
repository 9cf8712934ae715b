# wrong: sorts each row before comparing (treats a reordering of the same weights as the same unit)
def count_distinct_units(W, atol=1e-8):
    reps = []
    for row in np.sort(np.asarray(W, dtype=float), axis=1):
        if not any(np.max(np.abs(row - r)) <= atol for r in reps):
            reps.append(row)
    return len(reps)
