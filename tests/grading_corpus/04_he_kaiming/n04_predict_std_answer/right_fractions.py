# right: exact arithmetic with fractions.Fraction, one float at the end
from fractions import Fraction as _F


def predict_final_std(widths, scale, mode="fan_in", negative_slope=0.0):
    keep = (1 + _F(negative_slope) ** 2) / 2
    moment, q = _F(1), _F(1)
    for n_in, n_out in zip(widths, widths[1:]):
        fan = {"fan_in": _F(n_in), "fan_out": _F(n_out), "fan_avg": _F(n_in + n_out, 2)}[mode]
        q = n_in * _F(scale) / fan * moment
        moment = keep * q
    return math.sqrt(q)
