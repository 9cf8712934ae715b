# right: E[selu(z)^2] by scipy.integrate.quad split at 0, then fixed-point iteration with a relative stop
def selu_fixed_point(gain):
    """The fixed point q* > 0 of q -> gain**2 * E[selu(z)^2], z ~ N(0, q)."""
    from scipy import integrate

    def m2(q):
        s = math.sqrt(q)
        dens = lambda z: math.exp(-z * z / (2 * q)) / (s * math.sqrt(2 * math.pi))
        neg = integrate.quad(lambda z: (SELU_SCALE * SELU_ALPHA * math.expm1(z)) ** 2 * dens(z), -np.inf, 0,
                             epsabs=1e-14, epsrel=1e-12)[0]
        return neg + SELU_SCALE**2 * q / 2

    q = 1.0
    for _ in range(20000):
        new = gain**2 * m2(q)
        if abs(new - q) < 1e-12 * q:
            return new
        q = new
    return q
