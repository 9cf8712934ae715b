# wrong: delegates to course_lib.stats' linear recursions
def end_to_end_ratios(widths, mode):
    variance = {"fan_in": lambda s: 1 / s[1], "fan_out": lambda s: 1 / s[0],
                "glorot": lambda s: 2 / (s[0] + s[1])}[mode]
    q = stats.forward_variance(list(widths), variance, "linear")
    back = stats.backward_variance(list(widths), variance, "linear", 1.0, forward_q=q)
    return float(q[-1]), float(back[0])
