# wrong: compares units by their first incoming weight only
def count_distinct_units(W, atol=1e-8):
    reps = []
    for value in np.asarray(W, dtype=float)[:, 0]:
        if not any(abs(value - r) <= atol for r in reps):
            reps.append(value)
    return len(reps)
