# wrong: rebuilds a CoordCheck and calls its slopes method
def diagnose(check):
    """The mis-parametrized layer kind ("input", "hidden", "output") of a coordinate check, or "none"."""
    from course_lib import coord_check
    c = coord_check.CoordCheck(np.asarray(check["widths"]), tuple(check["layers"]),
                               np.asarray(check["activation_rms"]), np.asarray(check["change_rms"]))
    s = c.slopes(1)
    if s[0] < -0.45:
        return "input"
    for name, v in zip(c.layers, s):
        if v > 0.45:
            return "hidden" if name.startswith("hidden") else name
    return "none"
