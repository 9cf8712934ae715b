# wrong: rounds entries to a grid of size atol, then exact unique rows (fails across a rounding boundary)
def count_distinct_units(W, atol=1e-8):
    return int(np.unique(np.round(np.asarray(W) / atol), axis=0).shape[0])
