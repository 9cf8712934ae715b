# wrong: LeCun for the first layer (its input is not a ReLU output) instead of the last
def weight_scale_ratios(weights):
    """std(W_l) / target_l per layer: He sqrt(2 / fan_in) for hidden layers, LeCun sqrt(1 / fan_in) last."""
    return np.array([w.std() / math.sqrt((1.0 if i == 0 else 2.0) / w.shape[1]) for i, w in enumerate(weights)])
