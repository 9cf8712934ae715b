# wrong: any drift above 0.05 counts as a mistake (the healthy output's small drift too)
def diagnose(check):
    """The mis-parametrized layer kind ("input", "hidden", "output") of a coordinate check, or "none"."""
    w = np.log2(np.asarray(check["widths"], dtype=float))
    c = np.log2(np.asarray(check["change_rms"], dtype=float)[:, 1, :])
    wc = w - w.mean()
    s = wc @ (c - c.mean(axis=0)) / (wc @ wc)
    for name, v in zip(check["layers"], s):
        if abs(v) > 0.05:
            return "hidden" if name.startswith("hidden") else name
    return "none"
