# wrong: sqrt(3 * std) (std not squared before the square root)
def uniform_bound(std):
    return math.sqrt(3 * std)
