# wrong: sqrt(6) * std (Glorot's constant, which already contains a factor 2)
def uniform_bound(std):
    return math.sqrt(6.0) * std
