# wrong: one output instead of ten, and E[h^2] right
def predicted_initial_losses():
    """Expected initial loss 0.5 E||f(x) - y||^2 for a zero, small, LeCun and N(0, 1) head."""
    variances = {"zero": 0.0, "small": (0.01 / math.sqrt(128)) ** 2, "lecun": 1.0 / 128, "normal": 1.0}
    return {k: 0.5 * 1 * (1.0 + 128 * v) for k, v in variances.items()}
