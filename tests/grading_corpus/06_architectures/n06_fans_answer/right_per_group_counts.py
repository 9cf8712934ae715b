# right: counts channels per group first
def fans(shape, kind="linear", groups=1):
    """(fan_in, fan_out) as ints."""

    kernel = math.prod(shape[2:]) if len(shape) > 2 else 1
    if kind == "linear":
        return (shape[1], shape[0])
    first_per_group = shape[0] // groups
    if kind == "conv":
        return (shape[1] * kernel, first_per_group * kernel)
    return (first_per_group * kernel, shape[1] * kernel)
