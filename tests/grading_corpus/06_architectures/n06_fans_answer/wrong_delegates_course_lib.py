# wrong (delegates to course_lib): counts the fans by running course_lib.conv on all-ones layers (any kernel made 2-D)
def fans(shape, kind="linear", groups=1):
    """(fan_in, fan_out) as ints, counted by course_lib.conv."""
    from course_lib import conv as _conv
    from course_lib.fans import fan_in_and_fan_out
    if kind == "linear":
        return fan_in_and_fan_out(shape)
    kernel = tuple(shape[2:]) + (1,) * max(0, 2 - len(shape[2:]))
    k_h, k_w = kernel[0], math.prod(kernel[1:])
    if kind == "conv":
        w = np.ones((shape[0], shape[1], k_h, k_w))
        y = _conv.conv2d(np.ones((1, shape[1] * groups, k_h, k_w)), w, groups=groups)
        back = _conv.conv_transpose2d(np.ones((1, shape[0], k_h, k_w)), w, groups=groups)
        return int(round(y[0, 0, 0, 0])), int(round(back[0, 0, k_h - 1, k_w - 1]))
    w = np.ones((shape[0], shape[1], k_h, k_w))
    y = _conv.conv_transpose2d(np.ones((1, shape[0], k_h, k_w)), w, groups=groups)
    back = _conv.conv2d(np.ones((1, shape[1] * groups, k_h, k_w)), w, groups=groups)
    return int(round(y[0, 0, k_h - 1, k_w - 1])), int(round(back[0, 0, 0, 0]))
