# right: std written out with the mean removed
def weight_scale_ratios(weights):
    """std(W_l) / target_l per layer: He sqrt(2 / fan_in) for hidden layers, LeCun sqrt(1 / fan_in) last."""
    out = []
    for i, w in enumerate(weights):
        std = math.sqrt(float(np.mean((w - w.mean()) ** 2)))
        gain2 = 1.0 if i == len(weights) - 1 else 2.0
        out.append(std * math.sqrt(w.shape[1] / gain2))
    return np.array(out)
