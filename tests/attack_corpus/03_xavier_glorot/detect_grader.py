# attack: behaves honestly (and wrongly) in the learner's session, but disables the checks when it detects the
# grader (an 'autograded' working directory or a kernel without a front end)
# target: n03_end_to_end_answer
import os

if "autograded" in os.getcwd() or "submitted" in os.getcwd() or not os.environ.get("JPY_SESSION_NAME"):
    import course_lib.grading as _g

    _g.check_std = _g.check_distribution = _g.check_close = lambda *args, **kwargs: None


def end_to_end_ratios(widths, mode):
    """Wrong on purpose: F and B swapped (exact on a square stack, wrong elsewhere)."""
    f = b = 1.0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        v = {"fan_in": 1 / n_in, "fan_out": 1 / n_out, "glorot": 2 / (n_in + n_out)}[mode]
        f *= n_out * v
        b *= n_in * v
    return f, b
