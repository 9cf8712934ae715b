# wrong: std * sqrt(2) (thinks Var U(-a, a) = a^2 / 2)
def uniform_bound(std):
    return std * math.sqrt(2)
