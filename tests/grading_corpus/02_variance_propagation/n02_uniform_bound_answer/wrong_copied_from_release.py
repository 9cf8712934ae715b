# wrong (copied from the release): section 7's "U(-1, 1) has standard deviation 1/sqrt(3)" read as a = std / sqrt(3)
def uniform_bound(std):
    return std / math.sqrt(3)
