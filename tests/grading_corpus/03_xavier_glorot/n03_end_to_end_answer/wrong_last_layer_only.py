# wrong: only the last layer is counted
def end_to_end_ratios(widths, mode):
    n_in, n_out = widths[-2], widths[-1]
    v = {"fan_in": 1 / n_in, "fan_out": 1 / n_out, "glorot": 2 / (n_in + n_out)}[mode]
    return n_in * v, n_out * v
