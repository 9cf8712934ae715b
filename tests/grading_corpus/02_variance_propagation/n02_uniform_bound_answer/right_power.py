# right: (3 * std**2) ** 0.5
def uniform_bound(std):
    return (3 * std**2) ** 0.5
