# wrong: the mode is ignored, Glorot always
def end_to_end_ratios(widths, mode):
    f = b = 1.0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        v = 2 / (n_in + n_out)
        f *= n_in * v
        b *= n_out * v
    return f, b
