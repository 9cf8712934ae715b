# right: a transposed conv is the adjoint of the conv with the same weight: swap the conv fans
def fans(shape, kind="linear", groups=1):
    """(fan_in, fan_out) as ints."""
    if kind == "conv_transpose":
        fan_out, fan_in = fans(shape, "conv", groups)
        return fan_in, fan_out
    if kind == "linear":
        return shape[1], shape[0]
    rf = math.prod(shape[2:])
    return shape[1] * rf, shape[0] // groups * rf
