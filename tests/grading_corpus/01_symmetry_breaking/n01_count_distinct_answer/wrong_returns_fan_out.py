# wrong: returns the number of rows (fan_out) without comparing them
def count_distinct_units(W, atol=1e-8):
    return np.asarray(W).shape[0]
