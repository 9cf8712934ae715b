# wrong: scans from the output down, so an inherited drift is blamed
def diagnose(check):
    """The mis-parametrized layer kind ("input", "hidden", "output") of a coordinate check, or "none"."""
    w = np.log2(np.asarray(check["widths"], dtype=float))
    c = np.log2(np.asarray(check["change_rms"], dtype=float)[:, 1, :])
    wc = w - w.mean()
    s = wc @ (c - c.mean(axis=0)) / (wc @ wc)
    names = ["hidden" if n.startswith("hidden") else n for n in check["layers"]]
    for name, v in reversed(list(zip(names, s))):
        if abs(v) > 0.45:
            return name
    return "none"
