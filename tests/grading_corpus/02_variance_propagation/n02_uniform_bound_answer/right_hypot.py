# right: math.hypot(std, std, std) = sqrt(3 std^2)
def uniform_bound(std):
    return math.hypot(std, std, std)
