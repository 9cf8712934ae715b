# wrong: adds the per-layer factors (minus one each) instead of multiplying them
def end_to_end_ratios(widths, mode):
    f = b = 1.0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        v = {"fan_in": 1 / n_in, "fan_out": 1 / n_out, "glorot": 2 / (n_in + n_out)}[mode]
        f += n_in * v - 1
        b += n_out * v - 1
    return f, b
