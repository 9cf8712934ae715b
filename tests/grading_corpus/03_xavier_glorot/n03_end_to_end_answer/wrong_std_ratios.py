# wrong: standard-deviation ratios (square roots of the variance ratios)
import math


def end_to_end_ratios(widths, mode):
    f = b = 1.0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        v = {"fan_in": 1 / n_in, "fan_out": 1 / n_out, "glorot": 2 / (n_in + n_out)}[mode]
        f *= n_in * v
        b *= n_out * v
    return math.sqrt(f), math.sqrt(b)
