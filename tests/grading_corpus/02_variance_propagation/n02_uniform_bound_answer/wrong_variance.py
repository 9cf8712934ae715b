# wrong: returns 3 * std**2 (a^2 instead of a)
def uniform_bound(std):
    return 3 * std**2
