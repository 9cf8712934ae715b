# right: calls a helper defined in the same cell
def kept_second_moment(a):
    """E[leaky_a(z)^2] / Var(z) for a symmetric z."""
    return 0.5 + 0.5 * a * a


def leaky_relu_gain(a):
    return math.sqrt(1.0 / kept_second_moment(a))
