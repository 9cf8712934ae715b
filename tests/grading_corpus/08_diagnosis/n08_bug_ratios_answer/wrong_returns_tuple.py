# wrong: a tuple in the key order instead of a dict
def bug_ratios(fan_in, fan_out):
    """std(W) / sqrt(2 / fan_in) for the fan, no_gain, variance and rand bugs of a hidden ReLU layer."""
    he = math.sqrt(2.0 / fan_in)
    return (math.sqrt(2.0 / fan_out) / he, math.sqrt(1.0 / fan_in) / he, (2.0 / fan_in) / he, math.sqrt(1.0 / 12.0) / he)
