# wrong: section 9's square formula with n = n_0
def log_std_spread(widths, activation):
    L = len(widths) - 1
    return 0.5 * math.sqrt((5 * L - 1) / widths[0])
