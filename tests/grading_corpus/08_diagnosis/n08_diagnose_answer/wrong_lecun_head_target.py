# wrong: the head judged against LeCun's 1/sqrt(fan_in): a small head looks like a variance bug, a zero head like a constant
def diagnose(report):
    """(1-based layer, kind) of the one initialization bug the report shows, or (None, "healthy")."""
    ratio = np.asarray(report["weight_ratio"], dtype=float)
    std = np.asarray(report["weight_std"], dtype=float)
    mean = np.asarray(report["weight_mean"], dtype=float)
    target = np.asarray(report["target_std"], dtype=float)
    last = len(ratio) - 1
    head_ratio = std[last] * math.sqrt(report["shapes"][last][1])
    if head_ratio < 1e-6:
        return last + 1, "constant"
    if head_ratio < 0.5:
        return last + 1, "variance"
    if head_ratio > 3:
        return last + 1, "head"
    for layer in range(last):
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
