# wrong: the bound is taken equal to the std
def uniform_bound(std):
    return std
