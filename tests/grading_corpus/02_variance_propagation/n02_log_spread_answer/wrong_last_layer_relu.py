# wrong: counts a ReLU ratio (5 / n_L) at the last layer, though z_L is measured before any ReLU
def log_std_spread(widths, activation):
    hidden = 5 if activation == "relu" else 2
    return 0.5 * math.sqrt(2 / widths[0] + sum(hidden / n for n in widths[1:]))
