# wrong: the square formula with the mean width
def log_std_spread(widths, activation):
    L = len(widths) - 1
    return 0.5 * math.sqrt((5 * L - 1) / (sum(widths) / len(widths)))
