# wrong: the target computed from fan_out (PyTorch's layout misread)
def bug_ratios(fan_in, fan_out):
    """std(W) / sqrt(2 / fan_in) for the fan, no_gain, variance and rand bugs of a hidden ReLU layer."""
    t = math.sqrt(2.0 / fan_out)
    return {"fan": math.sqrt(2.0 / fan_in) / t, "no_gain": math.sqrt(1.0 / fan_out) / t,
            "variance": (2.0 / fan_out) / t, "rand": math.sqrt(1.0 / 12.0) / t}
