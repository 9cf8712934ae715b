# wrong: sqrt(12) * std (uses the variance a^2 / 12 of U(0, a))
def uniform_bound(std):
    return math.sqrt(12) * std
