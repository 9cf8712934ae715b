# wrong: treats the factors as commuting independent scalars (product of second moments), not free matrices
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit."""
    activation = ((1 - slope**2) / (1 + slope**2)) ** 2
    weight = 1.0 if weights == "gaussian" else 0.0
    return ((1 + activation) * (1 + weight)) ** depth - 1
