# right: dict of lambdas, int() conversions
def fans(shape, kind="linear", groups=1):
    """(fan_in, fan_out) as ints."""

    rf = int(math.prod(shape[2:]))
    table = {
        "linear": lambda: (shape[1], shape[0]),
        "conv": lambda: (shape[1] * rf, (shape[0] // groups) * rf),
        "conv_transpose": lambda: ((shape[0] // groups) * rf, shape[1] * rf),
    }
    a, b = table[kind]()
    return int(a), int(b)
