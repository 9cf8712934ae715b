# wrong: ignores the atol argument (always uses 1e-8)
def count_distinct_units(W, atol=1e-8):
    reps = []
    for row in np.asarray(W, dtype=float):
        if not any(np.max(np.abs(row - r)) <= 1e-8 for r in reps):
            reps.append(row)
    return len(reps)
