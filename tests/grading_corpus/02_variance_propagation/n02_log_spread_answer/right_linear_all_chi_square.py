# right: linear as 2 * sum over every width, ReLU adds 3 / n_l per hidden layer
def log_std_spread(widths, activation):
    total = sum(2.0 / n for n in widths)
    if activation == "relu":
        total += sum(3.0 / n for n in widths[1:-1])
    return math.sqrt(total) / 2
