# right: sums logarithms (no overflow for deep stacks)
def predict_final_std(widths, scale, mode="fan_in", negative_slope=0.0):
    log_var = 0.0
    layers = len(widths) - 1
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        fan = n_in if mode == "fan_in" else n_out if mode == "fan_out" else 0.5 * (n_in + n_out)
        log_var += math.log(n_in * scale / fan)
    log_var += (layers - 1) * math.log((1 + negative_slope * negative_slope) / 2)
    return math.exp(0.5 * log_var)
