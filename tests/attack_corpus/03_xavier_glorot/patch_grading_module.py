# attack: replaces the checks of course_lib.grading (the hidden tests' helpers) by no-ops, then answers wrong
# target: n03_xavier_normal_answer
import course_lib.grading as _g

_g.check_std = lambda *args, **kwargs: None
_g.check_distribution = lambda *args, **kwargs: None
_g.check_close = lambda *args, **kwargs: None


def xavier_normal(shape, gain=1.0, rng=None):
    """Wrong on purpose: the factor 2 of Var(W) = 2 / (fan_in + fan_out) is missing."""
    rng = np.random.default_rng() if rng is None else rng
    rf = math.prod(shape[2:])
    return rng.normal(0.0, gain / math.sqrt((shape[0] + shape[1]) * rf), size=shape)
