# right: closed form with scipy.special.ndtr for the normal CDF
def selu_moments(mu, nu, omega=0.0, tau=1.0):
    """(mean, variance) of selu(z) for z ~ N(mu * omega, nu * tau)."""
    from scipy.special import ndtr

    m = mu * omega
    s = math.sqrt(nu * tau)
    a, lam = SELU_ALPHA, SELU_SCALE
    pdf = math.exp(-m * m / (2 * s * s)) / math.sqrt(2 * math.pi)
    p_pos = float(ndtr(m / s))
    p_neg = 1.0 - p_pos
    e_z = m * p_pos + s * pdf
    e_z2 = (m * m + s * s) * p_pos + m * s * pdf
    e_exp1 = math.exp(m + s * s / 2) * float(ndtr(-(m + s * s) / s))
    e_exp2 = math.exp(2 * m + 2 * s * s) * float(ndtr(-(m + 2 * s * s) / s))
    mean = lam * (e_z + a * (e_exp1 - p_neg))
    second = lam**2 * (e_z2 + a**2 * (e_exp2 - 2 * e_exp1 + p_neg))
    return mean, second - mean**2
