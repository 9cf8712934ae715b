# wrong: exact comparison of rows, no tolerance
def count_distinct_units(W, atol=1e-8):
    return int(np.unique(np.asarray(W), axis=0).shape[0])
