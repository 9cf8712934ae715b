# wrong: root mean square instead of the std (a nonzero mean counts)
def weight_scale_ratios(weights):
    """std(W_l) / target_l per layer: He sqrt(2 / fan_in) for hidden layers, LeCun sqrt(1 / fan_in) last."""
    L = len(weights)
    return np.array([math.sqrt(float(np.mean(w**2))) / math.sqrt((1.0 if i == L - 1 else 2.0) / w.shape[1])
                     for i, w in enumerate(weights)])
