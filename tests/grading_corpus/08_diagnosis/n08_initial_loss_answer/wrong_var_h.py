# wrong: Var(h) = 1 - 1/pi of a ReLU of N(0, 2) used where E[h^2] = 1 is needed
def predicted_initial_losses():
    """Expected initial loss 0.5 E||f(x) - y||^2 for a zero, small, LeCun and N(0, 1) head."""
    variances = {"zero": 0.0, "small": (0.01 / math.sqrt(128)) ** 2, "lecun": 1.0 / 128, "normal": 1.0}
    return {k: 0.5 * 10 * (1.0 + 128 * v * (1 - 1 / math.pi)) for k, v in variances.items()}
