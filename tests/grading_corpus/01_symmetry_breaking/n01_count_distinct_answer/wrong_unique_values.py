# wrong: np.unique on the values instead of on whole rows
def count_distinct_units(W, atol=1e-8):
    return int(np.unique(np.asarray(W)).size)
