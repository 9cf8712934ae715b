# wrong: forgets the chi-square of the measured ||z_L||^2
def log_std_spread(widths, activation):
    hidden = 5 if activation == "relu" else 2
    return 0.5 * math.sqrt(2 / widths[0] + sum(hidden / n for n in widths[1:-1]))
