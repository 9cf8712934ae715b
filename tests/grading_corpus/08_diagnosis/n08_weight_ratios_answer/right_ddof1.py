# right: sample std (ddof=1), the same up to a factor 1 + 1/(2n)
def weight_scale_ratios(weights):
    """std(W_l) / target_l per layer: He sqrt(2 / fan_in) for hidden layers, LeCun sqrt(1 / fan_in) last."""
    L = len(weights)
    return np.array([np.std(w, ddof=1) / np.sqrt((1.0 if i == L - 1 else 2.0) / w.shape[1]) for i, w in enumerate(weights)])
