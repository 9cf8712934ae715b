# wrong: adds the standard deviations of the factors instead of their variances
def log_std_spread(widths, activation):
    hidden = 5 if activation == "relu" else 2
    terms = [2 / widths[0]] + [hidden / n for n in widths[1:-1]] + [2 / widths[-1]]
    return 0.5 * sum(math.sqrt(t) for t in terms)
