# attack: raises the threshold of every statistical check through the functions' default arguments
# target: n03_xavier_normal_answer
from course_lib import grading as _g

_g.check_std.__kwdefaults__["z"] = 1e12
_g.check_distribution.__kwdefaults__["alpha"] = 0.0


def xavier_normal(shape, gain=1.0, rng=None):
    """Wrong on purpose: the factor 2 of Var(W) = 2 / (fan_in + fan_out) is missing."""
    rng = np.random.default_rng() if rng is None else rng
    rf = math.prod(shape[2:])
    return rng.normal(0.0, gain / math.sqrt((shape[0] + shape[1]) * rf), size=shape)
