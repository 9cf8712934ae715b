# wrong: only the head's outputs counted, the targets' 0.5 E||y||^2 forgotten
def predicted_initial_losses():
    """Expected initial loss 0.5 E||f(x) - y||^2 for a zero, small, LeCun and N(0, 1) head."""
    variances = {"zero": 0.0, "small": (0.01 / math.sqrt(128)) ** 2, "lecun": 1.0 / 128, "normal": 1.0}
    return {k: 0.5 * 10 * 128 * v for k, v in variances.items()}
