# wrong: Euclidean distance between rows compared with atol instead of the largest entrywise difference
def count_distinct_units(W, atol=1e-8):
    reps = []
    for row in np.asarray(W, dtype=float):
        if not any(np.linalg.norm(row - r) <= atol for r in reps):
            reps.append(row)
    return len(reps)
