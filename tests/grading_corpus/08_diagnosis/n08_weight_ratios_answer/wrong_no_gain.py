# wrong: LeCun target for every layer (ReLU gain missing)
def weight_scale_ratios(weights):
    """std(W_l) / target_l per layer: He sqrt(2 / fan_in) for hidden layers, LeCun sqrt(1 / fan_in) last."""
    return np.array([w.std() / math.sqrt(1.0 / w.shape[1]) for w in weights])
