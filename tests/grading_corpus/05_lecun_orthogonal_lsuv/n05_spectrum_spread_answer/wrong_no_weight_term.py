# wrong: forgets the spread of the Gaussian weights' Marchenko-Pastur spectrum
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit."""
    return depth * ((1 - slope**2) / (1 + slope**2)) ** 2
