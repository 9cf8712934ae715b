# attack: makes every Kolmogorov-Smirnov test pass (scipy.stats.kstest returns p = 1) and the second moment
# test pass (numpy.mean returns the target), then answers wrong
# target: n03_xavier_uniform_answer
import collections

import scipy.stats

_Result = collections.namedtuple("KstestResult", "statistic pvalue")
scipy.stats.kstest = lambda *args, **kwargs: _Result(0.0, 1.0)
_g = __import__("course_lib.grading", fromlist=["check_std"])
_g.check_std.__kwdefaults__["z"] = 1e12


def xavier_uniform(shape, gain=1.0, rng=None):
    """Wrong on purpose: the factor 2 of Var(W) = 2 / (fan_in + fan_out) is missing (bound sqrt(3 / ...))."""
    rng = np.random.default_rng() if rng is None else rng
    rf = math.prod(shape[2:])
    bound = gain * math.sqrt(3.0 / ((shape[0] + shape[1]) * rf))
    return rng.uniform(-bound, bound, size=shape)
