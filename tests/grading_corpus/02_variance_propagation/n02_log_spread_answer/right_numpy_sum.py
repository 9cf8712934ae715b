# right: numpy arrays for the hidden widths
def log_std_spread(widths, activation):
    n = np.asarray(widths, dtype=float)
    hidden = 5.0 if activation == "relu" else 2.0
    return float(0.5 * np.sqrt(2 / n[0] + hidden * np.sum(1 / n[1:-1]) + 2 / n[-1]))
