# wrong: forgets that ||x||^2 fluctuates
def log_std_spread(widths, activation):
    hidden = 5 if activation == "relu" else 2
    return 0.5 * math.sqrt(sum(hidden / n for n in widths[1:-1]) + 2 / widths[-1])
