# wrong: sqrt(3) * std**2 (the variance where the std belongs)
def uniform_bound(std):
    return math.sqrt(3) * std**2
