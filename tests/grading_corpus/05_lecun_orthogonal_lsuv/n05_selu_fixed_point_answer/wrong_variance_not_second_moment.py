# wrong: iterates q -> gain^2 Var(selu(z)) (subtracts the mean): the recursion needs the second moment E[h^2]
def selu_fixed_point(gain):
    """The fixed point q* > 0 of q -> gain**2 * E[selu(z)^2], z ~ N(0, q)."""
    cdf = lambda t: 0.5 * math.erfc(-t / math.sqrt(2))
    q = 1.0
    for _ in range(100000):
        s = math.sqrt(q)
        e1 = math.exp(q / 2) * cdf(-s)
        mean = SELU_SCALE * (s / math.sqrt(2 * math.pi) + SELU_ALPHA * (e1 - 0.5))
        second = SELU_SCALE**2 * (q / 2 + SELU_ALPHA**2 * (math.exp(2 * q) * cdf(-2 * s) - 2 * e1 + 0.5))
        new = gain**2 * (second - mean**2)
        if abs(new - q) < 1e-13 * q:
            break
        q = new
    return new
