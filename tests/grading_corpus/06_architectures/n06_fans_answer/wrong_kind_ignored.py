# wrong: kind ignored: transposed treated as conv
def fans(shape, kind="linear", groups=1):
    """(fan_in, fan_out) as ints."""

    rf = math.prod(shape[2:])
    return shape[1] * rf, shape[0] // groups * rf
