# wrong: the missing gain read as a factor 1/2 on the std
def bug_ratios(fan_in, fan_out):
    """std(W) / sqrt(2 / fan_in) for the fan, no_gain, variance and rand bugs of a hidden ReLU layer."""
    he = math.sqrt(2.0 / fan_in)
    return {"fan": math.sqrt(2.0 / fan_out) / he, "no_gain": 0.5,
            "variance": (2.0 / fan_in) / he, "rand": math.sqrt(1.0 / 12.0) / he}
