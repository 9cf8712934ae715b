# right: the closed form L * (((1 - a^2) / (1 + a^2))^2 + [Gaussian])
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit."""
    a2 = slope * slope
    return depth * (((1 - a2) / (1 + a2)) ** 2 + (1.0 if weights == "gaussian" else 0.0))
