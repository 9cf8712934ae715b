# wrong: fan_out (shape[0]) used for fan_in
def weight_scale_ratios(weights):
    """std(W_l) / target_l per layer: He sqrt(2 / fan_in) for hidden layers, LeCun sqrt(1 / fan_in) last."""
    L = len(weights)
    return np.array([w.std() / math.sqrt((1.0 if i == L - 1 else 2.0) / w.shape[0]) for i, w in enumerate(weights)])
