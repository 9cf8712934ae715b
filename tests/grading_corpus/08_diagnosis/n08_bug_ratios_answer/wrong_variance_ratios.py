# wrong: ratios of variances instead of standard deviations
def bug_ratios(fan_in, fan_out):
    """std(W) / sqrt(2 / fan_in) for the fan, no_gain, variance and rand bugs of a hidden ReLU layer."""
    he = 2.0 / fan_in
    return {"fan": (2.0 / fan_out) / he, "no_gain": (1.0 / fan_in) / he, "variance": (2.0 / fan_in) ** 2 / he,
            "rand": (1.0 / 12.0) / he}
