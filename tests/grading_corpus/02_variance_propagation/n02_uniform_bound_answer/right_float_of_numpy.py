# right: float(np.sqrt(3.0 * std * std))
def uniform_bound(std):
    return float(np.sqrt(3.0 * std * std))
