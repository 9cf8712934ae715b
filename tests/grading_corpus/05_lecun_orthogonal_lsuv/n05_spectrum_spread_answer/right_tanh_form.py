# right: the activation factor's spread written as a squared hyperbolic tangent of log(slope) (same number)
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit."""
    activation = 1.0 if slope == 0 else math.tanh(-math.log(slope)) ** 2
    return depth * (activation + (weights == "gaussian"))
