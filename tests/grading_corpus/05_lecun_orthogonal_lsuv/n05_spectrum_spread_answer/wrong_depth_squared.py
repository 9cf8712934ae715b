# wrong: spreads grow like L^2 (as if the per-layer deviations added coherently)
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit."""
    return depth**2 * (((1 - slope**2) / (1 + slope**2)) ** 2 + (weights == "gaussian"))
