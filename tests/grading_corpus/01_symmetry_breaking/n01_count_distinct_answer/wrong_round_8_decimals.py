# wrong: rounds to 8 decimals (ignores atol) then exact unique rows
def count_distinct_units(W, atol=1e-8):
    return int(np.unique(np.round(np.asarray(W), 8), axis=0).shape[0])
