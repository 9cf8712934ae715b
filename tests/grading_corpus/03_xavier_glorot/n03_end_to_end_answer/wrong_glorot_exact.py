# wrong: assumes Glorot's factors average out, so Glorot keeps both ratios at 1
def end_to_end_ratios(widths, mode):
    if mode == "glorot":
        return 1.0, 1.0
    f = b = 1.0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        v = 1 / n_in if mode == "fan_in" else 1 / n_out
        f *= n_in * v
        b *= n_out * v
    return f, b
