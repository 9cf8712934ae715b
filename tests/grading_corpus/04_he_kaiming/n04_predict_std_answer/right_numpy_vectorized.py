# right: vectorized over layers with NumPy arrays
def predict_final_std(widths, scale, mode="fan_in", negative_slope=0.0):
    n = np.asarray(widths, dtype=float)
    n_in, n_out = n[:-1], n[1:]
    fans = {"fan_in": n_in, "fan_out": n_out, "fan_avg": (n_in + n_out) / 2}[mode]
    per_layer = n_in * scale / fans
    per_layer[1:] *= (1 + negative_slope**2) / 2
    return float(np.sqrt(np.prod(per_layer)))
