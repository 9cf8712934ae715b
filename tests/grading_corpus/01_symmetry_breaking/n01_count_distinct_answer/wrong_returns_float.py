# wrong: returns a float instead of an int
def count_distinct_units(W, atol=1e-8):
    reps = []
    for row in np.asarray(W, dtype=float):
        if not any(np.max(np.abs(row - r)) <= atol for r in reps):
            reps.append(row)
    return float(len(reps))
