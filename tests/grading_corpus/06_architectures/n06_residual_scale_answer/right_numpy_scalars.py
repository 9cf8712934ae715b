# right: NumPy scalars (np.float64) instead of Python floats
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches to take variance 1 to target."""
    n, t = np.float64(num_branches), np.float64(target)
    alpha_squared = (t - 1) / n if pre_norm else np.power(t, 1 / n) - 1
    return np.sqrt(alpha_squared)
