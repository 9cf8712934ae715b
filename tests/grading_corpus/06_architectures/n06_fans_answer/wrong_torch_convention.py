# wrong: torch.nn.init's fans for every kind
def fans(shape, kind="linear", groups=1):
    """(fan_in, fan_out) as ints."""

    from course_lib.fans import fan_in_and_fan_out
    return fan_in_and_fan_out(shape)
