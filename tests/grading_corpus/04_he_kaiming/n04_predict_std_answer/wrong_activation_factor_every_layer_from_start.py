# wrong: the factor c applied before each layer's sum, including the first, and not after
def predict_final_std(widths, scale, mode="fan_in", negative_slope=0.0):
    c = (1 + negative_slope**2) / 2
    q = 1.0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        fan = {"fan_in": n_in, "fan_out": n_out, "fan_avg": (n_in + n_out) / 2}[mode]
        q = n_in * scale / fan * c * q
    return math.sqrt(q)
