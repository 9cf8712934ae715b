# right: healthy as a range of ratios, the signatures compared in a loop, tuples in parentheses
def diagnose(report):
    """(1-based layer, kind) of the one initialization bug the report shows, or (None, "healthy")."""
    depth = len(report["shapes"])
    head = report["weight_ratio"][depth - 1]
    if head > 3:
        return (depth, "head")
    for k in range(depth - 1):
        out_, in_ = report["shapes"][k]
        ratio, sd, mu = report["weight_ratio"][k], report["weight_std"][k], report["weight_mean"][k]
        if ratio < 1e-6:
            return (k + 1, "constant")
        if mu > 0.4 * sd:
            return (k + 1, "rand")
        if 0.91 < ratio < 1.1:
            continue
        for kind, sig in (("fan", math.sqrt(in_ / out_)), ("variance", math.sqrt(2 / in_))):
            if abs(ratio / sig - 1) < 0.09:
                return (k + 1, kind)
        return (k + 1, "gain")
    return (None, "healthy")
