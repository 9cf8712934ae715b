# wrong: computes all four ratios with course_lib.stats' linear recursions instead of predicting them
def predicted_ratios():
    widths = [256, 1024, 256]
    out = {}
    for mode, variance in (("glorot", lambda shape: 2 / (shape[0] + shape[1])), ("fan_in", lambda shape: 1 / shape[1])):
        q = stats.forward_variance(widths, variance, "linear")
        back = stats.backward_variance(widths, variance, "linear", 1.0, forward_q=q)
        out[mode] = (float(q[-1]), float(back[0]), float(back[1]))
    return {"glorot_forward": out["glorot"][0], "glorot_backward": out["glorot"][1],
            "fan_in_backward": out["fan_in"][1], "fan_in_backward_hidden": out["fan_in"][2]}
