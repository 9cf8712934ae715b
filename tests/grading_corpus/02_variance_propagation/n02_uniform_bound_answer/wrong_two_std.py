# wrong: 2 * std (a two-sigma bound)
def uniform_bound(std):
    return 2 * std
