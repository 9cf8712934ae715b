# right: greedy representatives with np.allclose(rtol=0, atol=atol)
def count_distinct_units(W, atol=1e-8):
    reps = []
    for row in W:
        if not any(np.allclose(row, r, rtol=0, atol=atol) for r in reps):
            reps.append(row)
    return len(reps)
