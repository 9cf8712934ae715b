# wrong: returns the interval (-a, a) instead of the bound
def uniform_bound(std):
    a = math.sqrt(3) * std
    return (-a, a)
