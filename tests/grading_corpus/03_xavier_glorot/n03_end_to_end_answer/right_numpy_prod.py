# right: NumPy products over the layers
def end_to_end_ratios(widths, mode):
    n_in = np.asarray(widths[:-1], dtype=float)
    n_out = np.asarray(widths[1:], dtype=float)
    v = {"fan_in": 1 / n_in, "fan_out": 1 / n_out, "glorot": 2 / (n_in + n_out)}[mode]
    return float(np.prod(n_in * v)), float(np.prod(n_out * v))
