# wrong: the head's std used where its variance belongs
def predicted_initial_losses():
    """Expected initial loss 0.5 E||f(x) - y||^2 for a zero, small, LeCun and N(0, 1) head."""
    stds = {"zero": 0.0, "small": 0.01 / math.sqrt(128), "lecun": 1.0 / math.sqrt(128), "normal": 1.0}
    return {k: 0.5 * 10 * (1.0 + 128 * s) for k, s in stds.items()}
