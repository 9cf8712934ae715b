# right: exponent from the widest and narrowest width only
def diagnose(check):
    """The mis-parametrized layer kind ("input", "hidden", "output") of a coordinate check, or "none"."""
    widths = list(check["widths"])
    change = np.asarray(check["change_rms"])[:, 1, :]
    s = np.log(change[-1] / change[0]) / math.log(widths[-1] / widths[0])
    if s[0] < -0.45:
        return "input"
    for k, name in enumerate(check["layers"]):
        if s[k] > 0.45:
            return "hidden" if "hidden" in name else name
    return "none"
