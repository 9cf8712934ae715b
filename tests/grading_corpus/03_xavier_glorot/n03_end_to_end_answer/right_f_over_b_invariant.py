# right: F computed, B from the invariant F / B = n_0 / n_L
def end_to_end_ratios(widths, mode):
    f = 1.0
    for a, c in zip(widths, widths[1:]):
        f *= a * {"fan_in": 1 / a, "fan_out": 1 / c, "glorot": 2 / (a + c)}[mode]
    return f, f * widths[-1] / widths[0]
