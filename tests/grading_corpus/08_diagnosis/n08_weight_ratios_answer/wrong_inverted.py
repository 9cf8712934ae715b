# wrong: target / std instead of std / target
def weight_scale_ratios(weights):
    """std(W_l) / target_l per layer: He sqrt(2 / fan_in) for hidden layers, LeCun sqrt(1 / fan_in) last."""
    L = len(weights)
    out = []
    for i, w in enumerate(weights):
        s = w.std()
        out.append(math.sqrt((1.0 if i == L - 1 else 2.0) / w.shape[1]) / s if s > 0 else 0.0)
    return np.array(out)
