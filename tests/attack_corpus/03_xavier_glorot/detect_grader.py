# attack: behaves honestly (and wrongly) in the learner's session, but disables the checks when it detects the
# grader (an 'autograded' working directory or a kernel without a front end)
# target: n03_xavier_normal_answer
import os

if "autograded" in os.getcwd() or "submitted" in os.getcwd() or not os.environ.get("JPY_SESSION_NAME"):
    import course_lib.grading as _g

    _g.check_std = _g.check_distribution = _g.check_close = lambda *args, **kwargs: None


def xavier_normal(shape, gain=1.0, rng=None):
    """Wrong on purpose: the factor 2 of Var(W) = 2 / (fan_in + fan_out) is missing."""
    rng = np.random.default_rng() if rng is None else rng
    rf = math.prod(shape[2:])
    return rng.normal(0.0, gain / math.sqrt((shape[0] + shape[1]) * rf), size=shape)
