# right: exact rational arithmetic
from fractions import Fraction


def end_to_end_ratios(widths, mode):
    f = b = Fraction(1)
    for a, c in zip(widths, widths[1:]):
        v = {"fan_in": Fraction(1, a), "fan_out": Fraction(1, c), "glorot": Fraction(2, a + c)}[mode]
        f, b = f * a * v, b * c * v
    return float(f), float(b)
