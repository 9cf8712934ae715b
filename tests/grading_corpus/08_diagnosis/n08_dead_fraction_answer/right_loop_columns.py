# right: loop over the columns
def dead_fraction(pre):
    """Share of the columns of pre (batch, units) with pre <= 0 on every row."""
    dead = 0
    for j in range(pre.shape[1]):
        if np.all(pre[:, j] <= 0):
            dead += 1
    return dead / pre.shape[1]
