# wrong: a zero head taken for a constant layer (std 0 checked on every layer, the head included)
def diagnose(report):
    """(1-based layer, kind) of the one initialization bug the report shows, or (None, "healthy")."""
    ratio = np.asarray(report["weight_ratio"], dtype=float)
    std = np.asarray(report["weight_std"], dtype=float)
    mean = np.asarray(report["weight_mean"], dtype=float)
    target = np.asarray(report["target_std"], dtype=float)
    last = len(ratio) - 1
    for layer in range(last + 1):
        if layer == last:
            if std[layer] < 1e-6 * target[layer]:
                return layer + 1, "constant"
            if ratio[layer] > 3:
                return layer + 1, "head"
            continue
        fan_out, fan_in = report["shapes"][layer]
        if std[layer] < 1e-6 * target[layer]:
            return layer + 1, "constant"
        if abs(mean[layer]) > 0.5 * std[layer]:
            return layer + 1, "rand"
        r = ratio[layer]
        if abs(math.log(r)) < math.log(1.1):
            continue
        if abs(math.log(r / math.sqrt(fan_in / fan_out))) < 0.08:
            return layer + 1, "fan"
        if abs(math.log(r / math.sqrt(2.0 / fan_in))) < 0.08:
            return layer + 1, "variance"
        return layer + 1, "gain"
    return None, "healthy"
