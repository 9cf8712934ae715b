# right: std * 3 ** 0.5
def uniform_bound(std):
    return std * 3 ** 0.5
