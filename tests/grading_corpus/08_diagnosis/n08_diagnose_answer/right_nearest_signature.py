# right: nearest signature in log distance
def diagnose(report):
    """(1-based layer, kind) of the one initialization bug the report shows, or (None, "healthy")."""
    ratios = report["weight_ratio"]
    depth = len(ratios)
    if ratios[-1] > 10:
        return depth, "head"
    for i in range(depth - 1):
        fan_out, fan_in = report["shapes"][i]
        if report["weight_std"][i] <= 1e-9:
            return i + 1, "constant"
        if report["weight_mean"][i] > 0.25:
            return i + 1, "rand"
        signatures = {"healthy": 1.0, "fan": math.sqrt(fan_in / fan_out), "gain": 1 / math.sqrt(2),
                      "gain2": 1 / math.sqrt(6), "variance": math.sqrt(2 / fan_in)}
        best = min(signatures, key=lambda k: abs(math.log(ratios[i] / signatures[k])))
        if best != "healthy":
            return i + 1, "gain" if best.startswith("gain") else best
    return None, "healthy"
