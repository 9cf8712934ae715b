# wrong: copied from the release's measuring cell: draws each bug at the asked fans and measures the ratio
def bug_ratios(fan_in, fan_out):
    """std(W) / sqrt(2 / fan_in) for the fan, no_gain, variance and rand bugs of a hidden ReLU layer."""
    rng = np.random.default_rng(13)
    he_target = math.sqrt(2 / fan_in)
    drawn = {"fan": rng.normal(0, math.sqrt(2 / fan_out), (fan_out, fan_in)),
             "no_gain": rng.normal(0, math.sqrt(1 / fan_in), (fan_out, fan_in)),
             "variance": rng.normal(0, 2 / fan_in, (fan_out, fan_in)),
             "rand": rng.random((fan_out, fan_in))}
    return {name: float(w.std() / he_target) for name, w in drawn.items()}
