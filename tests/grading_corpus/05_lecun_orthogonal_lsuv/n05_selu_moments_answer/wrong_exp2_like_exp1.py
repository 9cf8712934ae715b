# wrong: E[e^(2z) 1(z<=0)] computed with k = 1 in the shift (Phi(-(m + s^2)/s))
def selu_moments(mu, nu, omega=0.0, tau=1.0):
    """(mean, variance) of selu(z) for z ~ N(mu * omega, nu * tau)."""
    m, s = mu * omega, math.sqrt(nu * tau)

    def cdf(t):
        return 0.5 * math.erfc(-t / math.sqrt(2))

    density = math.exp(-0.5 * (m / s) ** 2) / math.sqrt(2 * math.pi)
    p_neg = cdf(-m / s)
    z_pos = m * cdf(m / s) + s * density
    z2_pos = (m * m + s * s) * cdf(m / s) + m * s * density
    e1_neg = math.exp(m + s * s / 2) * cdf(-(m + s * s) / s)
    e2_neg = math.exp(2 * m + 2 * s * s) * cdf(-(m + s * s) / s)
    mean = SELU_SCALE * (z_pos + SELU_ALPHA * (e1_neg - p_neg))
    second = SELU_SCALE**2 * (z2_pos + SELU_ALPHA**2 * (e2_neg - 2 * e1_neg + p_neg))
    return float(mean), float(second - mean**2)
