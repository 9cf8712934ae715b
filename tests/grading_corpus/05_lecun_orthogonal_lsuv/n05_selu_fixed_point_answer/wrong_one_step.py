# wrong: one application of the map from q = 1 instead of its fixed point
def selu_fixed_point(gain):
    """The fixed point q* > 0 of q -> gain**2 * E[selu(z)^2], z ~ N(0, q)."""
    q = 1.0
    cdf = lambda t: 0.5 * math.erfc(-t / math.sqrt(2))
    s = math.sqrt(q)
    m2 = SELU_SCALE**2 * (q / 2 + SELU_ALPHA**2 * (math.exp(2 * q) * cdf(-2 * s) - 2 * math.exp(q / 2) * cdf(-s) + 0.5))
    return gain**2 * m2
