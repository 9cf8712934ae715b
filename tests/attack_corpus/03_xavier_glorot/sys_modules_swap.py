# attack: swaps course_lib.grading in sys.modules (and on the package) for a module whose checks always pass
# target: n03_xavier_normal_answer
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


def xavier_normal(shape, gain=1.0, rng=None):
    """Wrong on purpose: the factor 2 of Var(W) = 2 / (fan_in + fan_out) is missing."""
    rng = np.random.default_rng() if rng is None else rng
    rf = math.prod(shape[2:])
    return rng.normal(0.0, gain / math.sqrt((shape[0] + shape[1]) * rf), size=shape)
