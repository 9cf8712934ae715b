# wrong: delegates to course_lib.stats.forward_variance (the exercise asks for the recursion, with math only)
def predict_final_std(widths, scale, mode="fan_in", negative_slope=0.0):
    fan = {"fan_in": lambda s: s[1], "fan_out": lambda s: s[0], "fan_avg": lambda s: (s[0] + s[1]) / 2}[mode]
    q = stats.forward_variance(list(widths), lambda s: scale / fan(s), leaky_relu(negative_slope), 1.0)
    return float(np.sqrt(q[-1]))
