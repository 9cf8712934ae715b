# right: sqrt(3 * std**2), from Var = a^2 / 3
def uniform_bound(std):
    variance = std**2
    return math.sqrt(3 * variance)
