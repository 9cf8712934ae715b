# right: numpy square roots, numpy floats
def bug_ratios(fan_in, fan_out):
    """std(W) / sqrt(2 / fan_in) for the fan, no_gain, variance and rand bugs of a hidden ReLU layer."""
    target = np.sqrt(2.0 / fan_in)
    stds = {"fan": np.sqrt(2.0 / fan_out), "no_gain": np.sqrt(1.0 / fan_in), "variance": 2.0 / fan_in,
            "rand": np.sqrt(1.0 / 12.0)}
    return {k: s / target for k, s in stds.items()}
