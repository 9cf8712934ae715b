# right: the uniform's std from its moments E[w^2] - E[w]^2 = 1/3 - 1/4
def bug_ratios(fan_in, fan_out):
    """std(W) / sqrt(2 / fan_in) for the fan, no_gain, variance and rand bugs of a hidden ReLU layer."""
    fan_in, fan_out = float(fan_in), float(fan_out)
    target = math.sqrt(2.0 / fan_in)
    rand_std = math.sqrt(1.0 / 3.0 - 0.25)
    out = {}
    out["fan"] = math.sqrt(2.0 / fan_out) / target
    out["no_gain"] = math.sqrt(1.0 / fan_in) / target
    out["variance"] = 2.0 / fan_in / target
    out["rand"] = rand_std / target
    return out
