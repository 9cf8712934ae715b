# wrong: np.allclose with its default relative tolerance rtol=1e-5
def count_distinct_units(W, atol=1e-8):
    reps = []
    for row in np.asarray(W, dtype=float):
        if not any(np.allclose(row, r, atol=atol) for r in reps):
            reps.append(row)
    return len(reps)
