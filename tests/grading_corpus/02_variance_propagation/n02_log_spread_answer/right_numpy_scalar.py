# right: returns a numpy float64 from np.hypot-free sqrt
def log_std_spread(widths, activation):
    n = np.array(widths, dtype=np.float64)
    weights = np.full(n.size, 5.0 if activation == "relu" else 2.0)
    weights[0] = weights[-1] = 2.0
    return np.sqrt(np.sum(weights / n)) / 2
