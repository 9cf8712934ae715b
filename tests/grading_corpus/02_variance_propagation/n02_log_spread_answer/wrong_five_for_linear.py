# wrong: 5 / n_l per hidden layer for the linear stack too
def log_std_spread(widths, activation):
    return 0.5 * math.sqrt(2 / widths[0] + sum(5 / n for n in widths[1:-1]) + 2 / widths[-1])
