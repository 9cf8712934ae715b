# wrong: target / std(W) instead of std(W) / target
def bug_ratios(fan_in, fan_out):
    """std(W) / sqrt(2 / fan_in) for the fan, no_gain, variance and rand bugs of a hidden ReLU layer."""
    he = math.sqrt(2.0 / fan_in)
    return {"fan": he / math.sqrt(2.0 / fan_out), "no_gain": he / math.sqrt(1.0 / fan_in),
            "variance": he / (2.0 / fan_in), "rand": he / math.sqrt(1.0 / 12.0)}
