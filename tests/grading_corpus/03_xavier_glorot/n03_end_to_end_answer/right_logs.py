# right: sums of logarithms, exponentiated
import math


def end_to_end_ratios(widths, mode):
    log_f = log_b = 0.0
    for a, c in zip(widths, widths[1:]):
        v = {"fan_in": 1 / a, "fan_out": 1 / c, "glorot": 2 / (a + c)}[mode]
        log_f += math.log(a * v)
        log_b += math.log(c * v)
    return math.exp(log_f), math.exp(log_b)
