# right: per-layer relative variance from a dict, math.fsum
def log_std_spread(widths, activation):
    per_layer = {"relu": 5, "linear": 2}[activation]
    terms = [2 / widths[0], 2 / widths[-1]] + [per_layer / n for n in widths[1:-1]]
    return 0.5 * math.fsum(terms) ** 0.5
