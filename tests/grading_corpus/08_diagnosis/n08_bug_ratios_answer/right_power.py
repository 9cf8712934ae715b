# right: powers instead of sqrt
def bug_ratios(fan_in, fan_out):
    """std(W) / sqrt(2 / fan_in) for the fan, no_gain, variance and rand bugs of a hidden ReLU layer."""
    return {"fan": (fan_in / fan_out) ** 0.5, "no_gain": 2 ** -0.5, "variance": (2 / fan_in) ** 0.5,
            "rand": ((1 / 12) / (2 / fan_in)) ** 0.5}
