# right: targets recomputed from the shapes and weight_std, not from weight_ratio
def diagnose(report):
    """(1-based layer, kind) of the one initialization bug the report shows, or (None, "healthy")."""
    shapes = report["shapes"]
    stds = report["weight_std"]
    means = report["weight_mean"]
    n = len(shapes)
    if stds[-1] > 3 * 0.01 / math.sqrt(shapes[-1][1]):
        return n, "head"
    for i in range(n - 1):
        fan_out, fan_in = shapes[i]
        he = math.sqrt(2 / fan_in)
        if stds[i] < 1e-8 * he:
            return i + 1, "constant"
        if abs(means[i]) > stds[i] / 4:
            return i + 1, "rand"
        if abs(stds[i] - math.sqrt(2 / fan_out)) < 0.05 * stds[i]:
            return i + 1, "fan"
        if abs(stds[i] - 2 / fan_in) < 0.05 * stds[i]:
            return i + 1, "variance"
        if abs(stds[i] / he - 1) > 0.12:
            return i + 1, "gain"
    return None, "healthy"
