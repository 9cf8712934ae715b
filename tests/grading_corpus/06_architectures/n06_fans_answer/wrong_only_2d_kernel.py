# wrong: assumes a 2-D kernel
def fans(shape, kind="linear", groups=1):
    """(fan_in, fan_out) as ints."""

    if kind == "linear":
        return shape[1], shape[0]
    rf = shape[2] * shape[3]
    if kind == "conv":
        return shape[1] * rf, shape[0] // groups * rf
    return shape[0] // groups * rf, shape[1] * rf
