# right: looks for growth first, then for a shrinking input layer
def diagnose(check):
    """The mis-parametrized layer kind ("input", "hidden", "output") of a coordinate check, or "none"."""
    w = np.log2(np.asarray(check["widths"], dtype=float))
    c = np.log2(np.asarray(check["change_rms"], dtype=float)[:, 1, :])
    wc = w - w.mean()
    s = wc @ (c - c.mean(axis=0)) / (wc @ wc)
    names = ["hidden" if n.startswith("hidden") else n for n in check["layers"]]
    for name, v in zip(names, s):
        if v > 0.45:
            return name
    return "input" if s[0] < -0.45 else "none"
