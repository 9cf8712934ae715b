# wrong: returns a one-element array instead of a number
def uniform_bound(std):
    return np.array([math.sqrt(3) * std])
