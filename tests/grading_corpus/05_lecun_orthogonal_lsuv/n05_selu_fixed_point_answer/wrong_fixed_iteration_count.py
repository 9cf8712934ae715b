# wrong: iterates only 10 times from q = 1, far from converged away from gain 1
def selu_fixed_point(gain):
    """The fixed point q* > 0 of q -> gain**2 * E[selu(z)^2], z ~ N(0, q)."""
    cdf = lambda t: 0.5 * math.erfc(-t / math.sqrt(2))
    q = 1.0
    for _ in range(10):
        s = math.sqrt(q)
        q = gain**2 * SELU_SCALE**2 * (q / 2 + SELU_ALPHA**2 * (math.exp(2 * q) * cdf(-2 * s)
                                                                - 2 * math.exp(q / 2) * cdf(-s) + 0.5))
    return q
