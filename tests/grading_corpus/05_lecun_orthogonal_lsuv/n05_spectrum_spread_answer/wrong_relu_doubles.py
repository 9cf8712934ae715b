# wrong: a ReLU-only rule (orthogonal L, Gaussian 2L, linear Gaussian L) that ignores the leaky slope
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit."""
    activation = 0.0 if slope == 1 else 1.0
    return depth * (activation + (weights == "gaussian"))
