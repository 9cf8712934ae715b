# wrong: returns the variance of log std, not its standard deviation
def log_std_spread(widths, activation):
    hidden = 5 if activation == "relu" else 2
    return 0.25 * (2 / widths[0] + sum(hidden / n for n in widths[1:-1]) + 2 / widths[-1])
