# wrong: the spread of log q (the variance), missing the factor 1/2 of log std
def log_std_spread(widths, activation):
    hidden = 5 if activation == "relu" else 2
    return math.sqrt(2 / widths[0] + sum(hidden / n for n in widths[1:-1]) + 2 / widths[-1])
