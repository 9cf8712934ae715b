# wrong: 60-point Gauss-Hermite quadrature over the whole line: the kink at 0 limits its accuracy
def selu_moments(mu, nu, omega=0.0, tau=1.0):
    """(mean, variance) of selu(z) for z ~ N(mu * omega, nu * tau)."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(60)
    weights = weights / weights.sum()
    z = mu * omega + math.sqrt(nu * tau) * nodes
    f = SELU_SCALE * np.where(z > 0, z, SELU_ALPHA * np.expm1(np.minimum(z, 0.0)))
    mean = float(f @ weights)
    return mean, float((f * f) @ weights - mean**2)
