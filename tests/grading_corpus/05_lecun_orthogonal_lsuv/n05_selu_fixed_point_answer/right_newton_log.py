# right: Newton's method on f(t) = log(gain^2 m2(e^t)) - t with a numerical derivative, scipy.special.ndtr for Phi
def selu_fixed_point(gain):
    """The fixed point q* > 0 of q -> gain**2 * E[selu(z)^2], z ~ N(0, q)."""
    from scipy.special import ndtr

    def m2(q):
        s = np.sqrt(q)
        return SELU_SCALE**2 * (q / 2 + SELU_ALPHA**2 * (np.exp(2 * q) * ndtr(-2 * s) - 2 * np.exp(q / 2) * ndtr(-s)
                                                         + 0.5))

    f = lambda t: np.log(gain**2 * m2(np.exp(t))) - t
    t = 0.0
    for _ in range(200):
        h = 1e-6
        step = f(t) / ((f(t + h) - f(t - h)) / (2 * h))
        t -= step
        if abs(step) < 1e-14:
            break
    return float(np.exp(t))
