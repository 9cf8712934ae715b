# right: returns a list [F, B] built with if/elif
def end_to_end_ratios(widths, mode):
    f = b = 1.0
    for i in range(len(widths) - 1):
        a, c = widths[i], widths[i + 1]
        if mode == "fan_in":
            v = 1.0 / a
        elif mode == "fan_out":
            v = 1.0 / c
        else:
            v = 2.0 / (a + c)
        f, b = f * a * v, b * c * v
    return [f, b]
