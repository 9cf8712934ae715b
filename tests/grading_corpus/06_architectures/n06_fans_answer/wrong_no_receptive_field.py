# wrong: no receptive field
def fans(shape, kind="linear", groups=1):
    """(fan_in, fan_out) as ints."""

    if kind == "linear":
        return shape[1], shape[0]
    if kind == "conv":
        return shape[1], shape[0] // groups
    return shape[0] // groups, shape[1]
