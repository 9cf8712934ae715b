# right: NumPy arithmetic, NumPy floats returned
def folded_rule(kind, optimizer, width, base_width):
    """(init std / SP's std, learning rate / eta) of muP with every forward multiplier folded into the weights."""
    m = np.float64(width) / np.float64(base_width)
    if kind == "output":
        return 1 / np.sqrt(m), 1 / m
    if kind == "hidden":
        return np.float64(1), (1 / m if optimizer == "adam" else np.float64(1))
    return np.float64(1), (np.float64(1) if optimizer == "adam" else m)
