# wrong: He target for the linear last layer too
def weight_scale_ratios(weights):
    """std(W_l) / target_l per layer: He sqrt(2 / fan_in) for hidden layers, LeCun sqrt(1 / fan_in) last."""
    return np.array([w.std() / math.sqrt(2.0 / w.shape[1]) for w in weights])
