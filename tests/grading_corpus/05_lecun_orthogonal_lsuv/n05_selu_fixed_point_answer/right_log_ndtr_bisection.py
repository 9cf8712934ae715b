# right: exp(2q) Phi(-2 sqrt q) through log_ndtr (stable for large q), root by plain bisection in log q
def selu_fixed_point(gain):
    """The fixed point q* > 0 of q -> gain**2 * E[selu(z)^2], z ~ N(0, q)."""
    from scipy.special import log_ndtr

    def ratio(q):
        s = math.sqrt(q)
        e2 = math.exp(2 * q + log_ndtr(-2 * s))
        e1 = math.exp(q / 2 + log_ndtr(-s))
        return gain**2 * SELU_SCALE**2 * (q / 2 + SELU_ALPHA**2 * (e2 - 2 * e1 + 0.5)) / q - 1

    lo, hi = math.log(1e-6), math.log(1e6)
    for _ in range(200):
        mid = (lo + hi) / 2
        if ratio(math.exp(mid)) > 0:
            lo = mid
        else:
            hi = mid
    return math.exp((lo + hi) / 2)
