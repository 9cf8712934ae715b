# wrong: the negative branch uses alpha, not alpha squared
def selu_fixed_point(gain):
    """The fixed point q* > 0 of q -> gain**2 * E[selu(z)^2], z ~ N(0, q)."""
    cdf = lambda t: 0.5 * math.erfc(-t / math.sqrt(2))
    q = 1.0
    for _ in range(100000):
        s = math.sqrt(q)
        new = gain**2 * SELU_SCALE**2 * (q / 2 + SELU_ALPHA * (math.exp(2 * q) * cdf(-2 * s)
                                                               - 2 * math.exp(q / 2) * cdf(-s) + 0.5))
        if abs(new - q) < 1e-13 * q:
            break
        q = new
    return new
