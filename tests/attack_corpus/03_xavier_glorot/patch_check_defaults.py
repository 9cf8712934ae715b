# attack: raises the threshold of every statistical check through the functions' default arguments
# target: n03_xavier_uniform_answer
from course_lib import grading as _g

_g.check_std.__kwdefaults__["z"] = 1e12
_g.check_distribution.__kwdefaults__["alpha"] = 0.0


def xavier_uniform(shape, gain=1.0, rng=None):
    """Wrong on purpose: the factor 2 of Var(W) = 2 / (fan_in + fan_out) is missing (bound sqrt(3 / ...))."""
    rng = np.random.default_rng() if rng is None else rng
    rf = math.prod(shape[2:])
    bound = gain * math.sqrt(3.0 / ((shape[0] + shape[1]) * rf))
    return rng.uniform(-bound, bound, size=shape)
