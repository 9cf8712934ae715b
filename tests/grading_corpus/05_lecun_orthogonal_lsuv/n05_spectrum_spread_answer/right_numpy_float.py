# right: returns a NumPy float from the moments of the two-valued phi'^2
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit."""
    d2 = np.array([1.0, slope]) ** 2
    weight = np.float64(1.0) if weights.lower() == "gaussian" else np.float64(0.0)
    return np.float64(depth) * (np.mean(d2**2) / np.mean(d2) ** 2 - 1 + weight)
