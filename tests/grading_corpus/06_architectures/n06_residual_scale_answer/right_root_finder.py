# right: solves the variance after N branches for alpha with a root finder
def residual_scale(num_branches, target=2.0, pre_norm=True):
    """alpha for N branches to take variance 1 to target."""
    from scipy.optimize import brentq
    if target == 1:
        return 0.0

    def final_variance(alpha):
        return 1 + num_branches * alpha**2 if pre_norm else (1 + alpha**2) ** num_branches

    return brentq(lambda a: final_variance(a) - target, 0.0, math.sqrt(target), xtol=1e-15, rtol=1e-15)
