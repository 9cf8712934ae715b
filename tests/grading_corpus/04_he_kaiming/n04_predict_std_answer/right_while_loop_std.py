# right: propagates the std instead of the variance, with a while loop
def predict_final_std(widths, scale, mode="fan_in", negative_slope=0.0):
    std = 1.0
    l = 1
    while l < len(widths):
        n_in, n_out = widths[l - 1], widths[l]
        fan = {"fan_in": n_in, "fan_out": n_out, "fan_avg": (n_in + n_out) / 2}[mode]
        if l > 1:
            std *= math.sqrt((1 + negative_slope**2) / 2)
        std *= math.sqrt(n_in * scale / fan)
        l += 1
    return std
