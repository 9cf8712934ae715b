# wrong: slope of the change against the width itself, not its logarithm
def diagnose(check):
    """The mis-parametrized layer kind ("input", "hidden", "output") of a coordinate check, or "none"."""
    w = np.asarray(check["widths"], dtype=float)
    c = np.asarray(check["change_rms"], dtype=float)[:, 1, :]
    wc = w - w.mean()
    s = wc @ (c - c.mean(axis=0)) / (wc @ wc)
    if s[0] < -0.45:
        return "input"
    for name, v in zip(check["layers"], s):
        if v > 0.45:
            return "hidden" if name.startswith("hidden") else name
    return "none"
