# right: adaptive quadrature (scipy.integrate.quad) on each side of the kink at 0
def selu_moments(mu, nu, omega=0.0, tau=1.0):
    """(mean, variance) of selu(z) for z ~ N(mu * omega, nu * tau)."""
    from scipy import integrate

    m, s = mu * omega, math.sqrt(nu * tau)
    dist = stats.norm(m, s)

    def selu(z):
        return SELU_SCALE * (z if z > 0 else SELU_ALPHA * math.expm1(z))

    def expect(f):
        left = integrate.quad(lambda z: f(z) * dist.pdf(z), -np.inf, 0.0, epsabs=1e-13, epsrel=1e-12)[0]
        right = integrate.quad(lambda z: f(z) * dist.pdf(z), 0.0, np.inf, epsabs=1e-13, epsrel=1e-12)[0]
        return left + right

    mean = expect(selu)
    return mean, expect(lambda z: selu(z) ** 2) - mean**2
