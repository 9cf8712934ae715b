# wrong: layers counted from 0, not 1
def diagnose(report):
    """(1-based layer, kind) of the one initialization bug the report shows, or (None, "healthy")."""
    ratio = np.asarray(report["weight_ratio"], dtype=float)
    std = np.asarray(report["weight_std"], dtype=float)
    mean = np.asarray(report["weight_mean"], dtype=float)
    target = np.asarray(report["target_std"], dtype=float)
    last = len(ratio) - 1
    if ratio[last] > 3:
        return last, "head"
    for layer in range(last):
        fan_out, fan_in = report["shapes"][layer]
        if std[layer] < 1e-6 * target[layer]:
            return layer, "constant"
        if abs(mean[layer]) > 0.5 * std[layer]:
            return layer, "rand"
        r = ratio[layer]
        if abs(math.log(r)) < math.log(1.1):
            continue
        if abs(math.log(r / math.sqrt(fan_in / fan_out))) < 0.08:
            return layer, "fan"
        if abs(math.log(r / math.sqrt(2.0 / fan_in))) < 0.08:
            return layer, "variance"
        return layer, "gain"
    return None, "healthy"
