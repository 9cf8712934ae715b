# right: repeatedly take the first remaining row and remove every row within atol of it
def count_distinct_units(W, atol=1e-8):
    remaining = np.asarray(W, dtype=float)
    count = 0
    while remaining.shape[0] > 0:
        same = np.max(np.abs(remaining - remaining[0]), axis=1) <= atol
        remaining = remaining[~same]
        count += 1
    return count
