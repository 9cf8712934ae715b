# right: the ratios simplified by hand
def bug_ratios(fan_in, fan_out):
    """std(W) / sqrt(2 / fan_in) for the fan, no_gain, variance and rand bugs of a hidden ReLU layer."""
    return {"fan": math.sqrt(fan_in / fan_out), "no_gain": math.sqrt(0.5), "variance": math.sqrt(2.0 / fan_in),
            "rand": math.sqrt(fan_in / 24.0)}
