# wrong: the loop returns after the first layer
def end_to_end_ratios(widths, mode):
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        v = {"fan_in": 1 / n_in, "fan_out": 1 / n_out, "glorot": 2 / (n_in + n_out)}[mode]
        return n_in * v, n_out * v
