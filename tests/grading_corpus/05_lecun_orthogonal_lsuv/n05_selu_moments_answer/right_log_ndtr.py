# right: closed form, the exponential terms computed in log space (scipy.special.log_ndtr)
def selu_moments(mu, nu, omega=0.0, tau=1.0):
    """(mean, variance) of selu(z) for z ~ N(mu * omega, nu * tau)."""
    from scipy.special import log_ndtr, ndtr

    m = mu * omega
    v = nu * tau
    s = v**0.5
    t = m / s
    gauss = math.exp(-t * t / 2) / math.sqrt(2 * math.pi)
    upper = [float(ndtr(t)), m * float(ndtr(t)) + s * gauss, (m * m + v) * float(ndtr(t)) + m * s * gauss]
    lower = [float(ndtr(-t))] + [math.exp(k * m + k * k * v / 2 + float(log_ndtr(-(m + k * v) / s))) for k in (1, 2)]
    mean = SELU_SCALE * (upper[1] + SELU_ALPHA * (lower[1] - lower[0]))
    second = SELU_SCALE**2 * (upper[2] + SELU_ALPHA**2 * (lower[2] - 2 * lower[1] + lower[0]))
    return mean, second - mean * mean
