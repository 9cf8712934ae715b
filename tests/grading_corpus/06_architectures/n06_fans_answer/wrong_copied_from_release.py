# wrong (copied from the release): the notebook's counted_fans / counted_fan_in_transposed cells pasted in; runs course_lib.conv
def fans(shape, kind="linear", groups=1):
    """(fan_in, fan_out) as ints, counted with all-ones layers as the notebook's cells do."""
    if kind == "linear":
        return shape[1], shape[0]
    if kind == "conv":
        c_out, c_in_per_group, k_h, k_w = shape
        ones = np.ones(shape)
        forward = conv.conv2d(np.ones((1, c_in_per_group * groups, k_h, k_w)), ones, groups=groups)
        adjoint = conv.conv_transpose2d(np.ones((1, c_out, k_h, k_w)), ones, groups=groups)
        return int(round(forward[0, 0, 0, 0])), int(round(adjoint[0, 0, k_h - 1, k_w - 1]))
    k = shape[2]
    y = conv.conv_transpose2d(np.ones((1, shape[0], 6, 6)), np.ones(shape), stride=1, padding=k - 1)
    return int(round(y.mean())), shape[1] * math.prod(shape[2:])
