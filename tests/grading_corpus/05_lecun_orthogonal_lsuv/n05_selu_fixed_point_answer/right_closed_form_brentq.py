# right: closed form of E[selu(z)^2] at m = 0, fixed point by scipy.optimize.brentq on log scale
def selu_fixed_point(gain):
    """The fixed point q* > 0 of q -> gain**2 * E[selu(z)^2], z ~ N(0, q)."""
    from scipy import optimize

    def m2(q):
        s = math.sqrt(q)
        cdf = lambda t: 0.5 * math.erfc(-t / math.sqrt(2))
        return SELU_SCALE**2 * (q / 2 + SELU_ALPHA**2 * (math.exp(2 * q) * cdf(-2 * s)
                                                         - 2 * math.exp(q / 2) * cdf(-s) + 0.5))

    return float(optimize.brentq(lambda q: math.log(gain**2 * m2(q) / q), 1e-4, 200.0, xtol=1e-15, rtol=1e-14))
