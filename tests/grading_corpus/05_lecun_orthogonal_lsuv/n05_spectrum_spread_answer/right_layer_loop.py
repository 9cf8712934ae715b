# right: adds the two free factors' spreads layer by layer, the activation factor with the gain applied
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit."""
    gain2 = 2 / (1 + slope**2)
    factor = np.array([gain2, gain2 * slope**2])          # sigma_w^2 phi'^2, half the units each
    per_layer = factor.var() / factor.mean() ** 2 + {"gaussian": 1, "orthogonal": 0}[weights]
    total = 0.0
    for _ in range(depth):
        total += per_layer
    return total
