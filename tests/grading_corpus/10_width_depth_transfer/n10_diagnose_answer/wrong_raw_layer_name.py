# wrong: returns the layer's name ('hidden 2') instead of its kind
def diagnose(check):
    """The mis-parametrized layer kind ("input", "hidden", "output") of a coordinate check, or "none"."""
    w = np.log2(np.asarray(check["widths"], dtype=float))
    c = np.log2(np.asarray(check["change_rms"], dtype=float)[:, 1, :])
    wc = w - w.mean()
    s = wc @ (c - c.mean(axis=0)) / (wc @ wc)
    if s[0] < -0.45:
        return "input"
    for name, v in zip(check["layers"], s):
        if v > 0.45:
            return name
    return "none"
