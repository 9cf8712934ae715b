# right: computed in float32, returned as float64 array
def weight_scale_ratios(weights):
    """std(W_l) / target_l per layer: He sqrt(2 / fan_in) for hidden layers, LeCun sqrt(1 / fan_in) last."""
    out = np.empty(len(weights))
    for i, w in enumerate(weights):
        w32 = w.astype(np.float32)
        out[i] = float(w32.std(dtype=np.float64)) / math.sqrt((1.0 if i == len(weights) - 1 else 2.0) / w.shape[1])
    return out
