# right: Pennington et al.'s form L (mu2 / mu1^2 - 1 - s1), s1 = -1 for Gaussian, 0 for orthogonal weights
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit."""
    mu1 = (1 + slope**2) / 2          # E[phi'(z)^2]
    mu2 = (1 + slope**4) / 2          # E[phi'(z)^4]
    s1 = -1.0 if weights == "gaussian" else 0.0
    return float(depth * (mu2 / mu1**2 - 1 - s1))
