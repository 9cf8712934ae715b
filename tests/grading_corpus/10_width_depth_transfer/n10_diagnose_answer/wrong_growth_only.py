# wrong: looks only for growth, so a shrinking input layer goes unseen
def diagnose(check):
    """The mis-parametrized layer kind ("input", "hidden", "output") of a coordinate check, or "none"."""
    w = np.log2(np.asarray(check["widths"], dtype=float))
    c = np.log2(np.asarray(check["change_rms"], dtype=float)[:, 1, :])
    wc = w - w.mean()
    s = wc @ (c - c.mean(axis=0)) / (wc @ wc)
    for name, v in zip(check["layers"], s):
        if v > 0.45:
            return "hidden" if name.startswith("hidden") else name
    return "none"
