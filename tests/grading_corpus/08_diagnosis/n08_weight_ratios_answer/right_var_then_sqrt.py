# right: square root of the variance ratio
def weight_scale_ratios(weights):
    """std(W_l) / target_l per layer: He sqrt(2 / fan_in) for hidden layers, LeCun sqrt(1 / fan_in) last."""
    L = len(weights)
    gains = np.array([2.0] * (L - 1) + [1.0])
    fans = np.array([w.shape[1] for w in weights], dtype=float)
    variances = np.array([w.var() for w in weights])
    return np.sqrt(variances * fans / gains)
