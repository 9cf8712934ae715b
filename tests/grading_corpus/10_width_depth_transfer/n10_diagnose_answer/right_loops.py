# right: plain Python loops, step 1, thresholds 0.45
def diagnose(check):
    """The mis-parametrized layer kind ("input", "hidden", "output") of a coordinate check, or "none"."""
    widths = [math.log2(v) for v in check["widths"]]
    mean_w = sum(widths) / len(widths)
    found = []
    for k, name in enumerate(check["layers"]):
        ys = [math.log2(check["change_rms"][i][1][k]) for i in range(len(widths))]
        mean_y = sum(ys) / len(ys)
        num = sum((a - mean_w) * (b - mean_y) for a, b in zip(widths, ys))
        den = sum((a - mean_w) ** 2 for a in widths)
        found.append((name, num / den))
    if found[0][1] < -0.45:
        return "input"
    for name, s in found:
        if s > 0.45:
            return "hidden" if name.startswith("hidden") else name
    return "none"
