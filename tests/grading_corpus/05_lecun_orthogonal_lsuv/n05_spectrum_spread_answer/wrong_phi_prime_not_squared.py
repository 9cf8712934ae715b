# wrong: uses the spread of phi' instead of phi'^2
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit."""
    return depth * (((1 - slope) / (1 + slope)) ** 2 + (weights == "gaussian"))
