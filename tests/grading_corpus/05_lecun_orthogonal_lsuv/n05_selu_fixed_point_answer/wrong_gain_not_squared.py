# wrong: multiplies by the gain, not by its square (Var(W) = gain^2 / fan_in)
def selu_fixed_point(gain):
    """The fixed point q* > 0 of q -> gain**2 * E[selu(z)^2], z ~ N(0, q)."""
    cdf = lambda t: 0.5 * math.erfc(-t / math.sqrt(2))
    q = 1.0
    for _ in range(100000):
        s = math.sqrt(q)
        new = gain * SELU_SCALE**2 * (q / 2 + SELU_ALPHA**2 * (math.exp(2 * q) * cdf(-2 * s)
                                                               - 2 * math.exp(q / 2) * cdf(-s) + 0.5))
        if abs(new - q) < 1e-13 * q:
            break
        q = new
    return new
