# wrong: the variance of phi'^2 without the gain (mean not 1), so not the relative spread
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit."""
    d2 = np.array([1.0, slope**2])
    return float(depth * (d2.var() + (weights == "gaussian")))
