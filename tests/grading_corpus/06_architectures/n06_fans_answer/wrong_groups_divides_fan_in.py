# wrong: groups divides the (already per-group) fan_in too
def fans(shape, kind="linear", groups=1):
    """(fan_in, fan_out) as ints."""

    rf = math.prod(shape[2:])
    if kind == "linear":
        return shape[1], shape[0]
    if kind == "conv":
        return shape[1] // groups * rf, shape[0] // groups * rf
    return shape[0] // groups * rf, shape[1] * rf
