# right: targets from course_lib.diagnosis.target_std
def weight_scale_ratios(weights):
    """std(W_l) / target_l per layer: He sqrt(2 / fan_in) for hidden layers, LeCun sqrt(1 / fan_in) last."""
    from course_lib.diagnosis import target_std
    L = len(weights)
    return np.array([w.std() / target_std(w.shape, "linear" if i == L - 1 else "relu")[0] for i, w in enumerate(weights)])
