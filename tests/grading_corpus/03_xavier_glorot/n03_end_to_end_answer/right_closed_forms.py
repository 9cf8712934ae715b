# right: closed forms (telescoping products for fan_in and fan_out)
def end_to_end_ratios(widths, mode):
    n0, nL = widths[0], widths[-1]
    if mode == "fan_in":
        return 1.0, nL / n0
    if mode == "fan_out":
        return n0 / nL, 1.0
    f = b = 1.0
    for a, c in zip(widths, widths[1:]):
        f *= 2 * a / (a + c)
        b *= 2 * c / (a + c)
    return f, b
