# right: closed form with scipy.stats.norm (imported as stats in the first cell)
def selu_moments(mu, nu, omega=0.0, tau=1.0):
    """(mean, variance) of selu(z) for z ~ N(mu * omega, nu * tau)."""
    m, var = mu * omega, nu * tau
    s = np.sqrt(var)
    N = stats.norm
    pos = m * N.cdf(m / s) + s * N.pdf(m / s)
    pos2 = (m**2 + var) * N.cdf(m / s) + m * s * N.pdf(m / s)
    neg_p = N.cdf(-m / s)
    neg_e1 = np.exp(m + var / 2) * N.cdf(-(m + var) / s)
    neg_e2 = np.exp(2 * m + 2 * var) * N.cdf(-(m + 2 * var) / s)
    mean = SELU_SCALE * pos + SELU_SCALE * SELU_ALPHA * (neg_e1 - neg_p)
    second = SELU_SCALE**2 * pos2 + (SELU_SCALE * SELU_ALPHA) ** 2 * (neg_e2 - 2 * neg_e1 + neg_p)
    return (float(mean), float(second - mean * mean))
