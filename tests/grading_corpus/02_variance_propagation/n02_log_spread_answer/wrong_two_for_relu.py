# wrong: every factor chi-square (2 / n), even after a ReLU
def log_std_spread(widths, activation):
    return 0.5 * math.sqrt(sum(2 / n for n in widths))
