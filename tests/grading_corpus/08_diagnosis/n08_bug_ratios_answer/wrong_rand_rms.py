# wrong: the root mean square sqrt(1/3) of U[0, 1) used as its std
def bug_ratios(fan_in, fan_out):
    """std(W) / sqrt(2 / fan_in) for the fan, no_gain, variance and rand bugs of a hidden ReLU layer."""
    he = math.sqrt(2.0 / fan_in)
    return {"fan": math.sqrt(2.0 / fan_out) / he, "no_gain": math.sqrt(1.0 / fan_in) / he,
            "variance": (2.0 / fan_in) / he, "rand": math.sqrt(1.0 / 3.0) / he}
