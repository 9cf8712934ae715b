# wrong: linear: (out, in) returned
def fans(shape, kind="linear", groups=1):
    """(fan_in, fan_out) as ints."""

    rf = math.prod(shape[2:])
    if kind == "linear":
        return shape[0], shape[1]
    if kind == "conv":
        return shape[1] * rf, shape[0] // groups * rf
    return shape[0] // groups * rf, shape[1] * rf
