# attack: swaps course_lib.grading in sys.modules (and on the package) for a module whose checks always pass
# target: n03_end_to_end_answer
import sys
import types

import course_lib
import course_lib.grading as _real

_fake = types.ModuleType("course_lib.grading")
_fake.__dict__.update(vars(_real))
for _name in ("check_std", "check_distribution", "check_close"):
    setattr(_fake, _name, lambda *args, **kwargs: None)
sys.modules["course_lib.grading"] = _fake
course_lib.grading = _fake


def end_to_end_ratios(widths, mode):
    """Wrong on purpose: F and B swapped (exact on a square stack, wrong elsewhere)."""
    f = b = 1.0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        v = {"fan_in": 1 / n_in, "fan_out": 1 / n_out, "glorot": 2 / (n_in + n_out)}[mode]
        f *= n_out * v
        b *= n_in * v
    return f, b
