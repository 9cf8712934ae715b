# right: multiplies the per-layer factors in a loop
def predicted_ratios():
    widths = [256, 1024, 256]
    out = {}
    for mode, var in (("glorot", lambda a, b: 2 / (a + b)), ("fan_in", lambda a, b: 1 / a)):
        f = b = 1.0
        per_layer_b = []
        for n_in, n_out in zip(widths, widths[1:]):
            f *= n_in * var(n_in, n_out)
            b *= n_out * var(n_in, n_out)
            per_layer_b.append(n_out * var(n_in, n_out))
        out[mode + "_forward"], out[mode + "_backward"], out[mode + "_hidden"] = f, b, per_layer_b[-1]
    return {"glorot_forward": out["glorot_forward"], "glorot_backward": out["glorot_backward"],
            "fan_in_backward": out["fan_in_backward"], "fan_in_backward_hidden": out["fan_in_hidden"]}
