# right: np.sqrt(3) * std (a NumPy float64 scalar)
def uniform_bound(std):
    return np.sqrt(3) * std
