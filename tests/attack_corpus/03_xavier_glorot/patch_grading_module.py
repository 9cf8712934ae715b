# attack: replaces the checks of course_lib.grading (the hidden tests' helpers) by no-ops, then answers wrong
# target: n03_end_to_end_answer
import course_lib.grading as _g

_g.check_std = lambda *args, **kwargs: None
_g.check_distribution = lambda *args, **kwargs: None
_g.check_close = lambda *args, **kwargs: None


def end_to_end_ratios(widths, mode):
    """Wrong on purpose: F and B swapped (exact on a square stack, wrong elsewhere)."""
    f = b = 1.0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        v = {"fan_in": 1 / n_in, "fan_out": 1 / n_out, "glorot": 2 / (n_in + n_out)}[mode]
        f *= n_out * v
        b *= n_in * v
    return f, b
