# right: through logarithms of the variances
def bug_ratios(fan_in, fan_out):
    """std(W) / sqrt(2 / fan_in) for the fan, no_gain, variance and rand bugs of a hidden ReLU layer."""
    log_target = 0.5 * math.log(2.0 / fan_in)
    log_std = {"fan": 0.5 * math.log(2.0 / fan_out), "no_gain": 0.5 * math.log(1.0 / fan_in),
               "variance": math.log(2.0 / fan_in), "rand": 0.5 * math.log(1.0 / 12.0)}
    return {k: math.exp(v - log_target) for k, v in log_std.items()}
