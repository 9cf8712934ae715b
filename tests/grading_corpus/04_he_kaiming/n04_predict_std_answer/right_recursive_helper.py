# right: a recursive helper defined in the same cell
def _layer_fan(n_in, n_out, mode):
    return {"fan_in": n_in, "fan_out": n_out, "fan_avg": (n_in + n_out) / 2}[mode]


def _second_moment_of_z(widths, scale, mode, slope):
    """E[z_L^2] / E[x^2] for the stack widths."""
    n_in, n_out = widths[-2], widths[-1]
    previous = 1.0 if len(widths) == 2 else (1 + slope**2) / 2 * _second_moment_of_z(widths[:-1], scale, mode, slope)
    return n_in * scale / _layer_fan(n_in, n_out, mode) * previous


def predict_final_std(widths, scale, mode="fan_in", negative_slope=0.0):
    return math.sqrt(_second_moment_of_z(tuple(widths), scale, mode, negative_slope))
