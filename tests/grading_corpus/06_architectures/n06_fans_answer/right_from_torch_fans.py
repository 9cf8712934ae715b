# right: course_lib's torch fans corrected for groups and layout
def fans(shape, kind="linear", groups=1):
    """(fan_in, fan_out) as ints."""

    from course_lib.fans import fan_in_and_fan_out
    fan_in, fan_out = fan_in_and_fan_out(shape)
    if kind == "conv":
        return fan_in, fan_out // groups
    if kind == "conv_transpose":
        return fan_out // groups, fan_in
    return fan_in, fan_out
