# wrong: std / sqrt(3) (inverts the relation)
def uniform_bound(std):
    return std / math.sqrt(3)
