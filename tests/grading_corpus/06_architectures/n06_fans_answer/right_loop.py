# right: loop over kernel sizes
def fans(shape, kind="linear", groups=1):
    """(fan_in, fan_out) as ints."""

    rf = 1
    for size in shape[2:]:
        rf *= size
    out_ch, in_ch = shape[0], shape[1]
    if kind == "conv_transpose":
        return out_ch // groups * rf, in_ch * rf
    if kind == "conv":
        return in_ch * rf, out_ch // groups * rf
    return in_ch, out_ch
