# wrong: fan_in and fan_out swapped
def predict_final_std(widths, scale, mode="fan_in", negative_slope=0.0):
    c = (1 + negative_slope**2) / 2
    moment, q = 1.0, 1.0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        fan = {"fan_in": n_out, "fan_out": n_in, "fan_avg": (n_in + n_out) / 2}[mode]
        q = n_in * scale / fan * moment
        moment = c * q
    return math.sqrt(q)
