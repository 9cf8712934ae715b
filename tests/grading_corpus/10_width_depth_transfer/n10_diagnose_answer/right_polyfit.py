# right: np.polyfit per layer at step 1, thresholds 0.5
def diagnose(check):
    """The mis-parametrized layer kind ("input", "hidden", "output") of a coordinate check, or "none"."""
    w = np.log2(np.asarray(check["widths"], dtype=float))
    change = np.asarray(check["change_rms"], dtype=float)
    slopes = [np.polyfit(w, np.log2(change[:, 1, k]), 1)[0] for k in range(change.shape[2])]
    if slopes[0] < -0.5:
        return "input"
    for name, s in zip(check["layers"], slopes):
        if s > 0.5:
            return name.split()[0]
    return "none"
