# wrong: forward uses n_out, backward n_in (the sums' sizes swapped)
def end_to_end_ratios(widths, mode):
    f = b = 1.0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        v = {"fan_in": 1 / n_in, "fan_out": 1 / n_out, "glorot": 2 / (n_in + n_out)}[mode]
        f *= n_out * v
        b *= n_in * v
    return f, b
