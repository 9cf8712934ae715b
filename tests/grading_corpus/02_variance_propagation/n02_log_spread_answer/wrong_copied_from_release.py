# wrong (copied from the release): section 9's printed theory, 0.5 * sqrt((5L - 1) / n), with n the last width
def log_std_spread(widths, activation):
    depth_mc, n = len(widths) - 1, widths[-1]
    return 0.5 * math.sqrt((5 * depth_mc - 1) / n)
