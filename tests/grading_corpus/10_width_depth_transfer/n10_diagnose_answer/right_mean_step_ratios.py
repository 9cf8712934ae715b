# right: the mean of the log-ratios between neighbouring widths (all powers of 2)
def diagnose(check):
    """The mis-parametrized layer kind ("input", "hidden", "output") of a coordinate check, or "none"."""
    change = np.asarray(check["change_rms"])[:, 1, :]
    widths = np.asarray(check["widths"], dtype=float)
    s = np.mean(np.diff(np.log(change), axis=0) / np.diff(np.log(widths))[:, None], axis=0)
    kinds = ["hidden" if n.startswith("hidden") else n for n in check["layers"]]
    if s[0] < -0.4:
        return "input"
    grown = [k for k, v in zip(kinds, s) if v > 0.4]
    return grown[0] if grown else "none"
