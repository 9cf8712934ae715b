# wrong: only the weights spread; the activation factor is taken as the identity
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit."""
    return float(depth) if weights == "gaussian" else 0.0
