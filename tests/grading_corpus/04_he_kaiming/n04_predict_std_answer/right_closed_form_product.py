# right: the product of per-layer factors, with one factor c fewer than layers
def predict_final_std(widths, scale, mode="fan_in", negative_slope=0.0):
    factors = []
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        fan = {"fan_in": n_in, "fan_out": n_out, "fan_avg": (n_in + n_out) / 2}[mode]
        factors.append(n_in * scale / fan)
    c = (1 + negative_slope**2) / 2
    variance = float(np.prod(factors)) * c ** (len(factors) - 1)
    return variance**0.5
