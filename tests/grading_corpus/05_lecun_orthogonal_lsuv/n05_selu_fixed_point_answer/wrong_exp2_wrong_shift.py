# wrong: E[e^(2z) 1(z<=0)] taken as e^(2q) Phi(-sqrt q) (the shift of the completed square is k s^2 = 2q, not q)
def selu_fixed_point(gain):
    """The fixed point q* > 0 of q -> gain**2 * E[selu(z)^2], z ~ N(0, q)."""
    cdf = lambda t: 0.5 * math.erfc(-t / math.sqrt(2))
    q = 1.0
    for _ in range(100000):
        s = math.sqrt(q)
        new = gain**2 * SELU_SCALE**2 * (q / 2 + SELU_ALPHA**2 * (math.exp(2 * q) * cdf(-s)
                                                                  - 2 * math.exp(q / 2) * cdf(-s) + 0.5))
        if abs(new - q) < 1e-13 * q or new > 1e6:
            break
        q = new
    return new
