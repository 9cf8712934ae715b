# wrong: believes a LeCun head keeps the outputs small, so only N(0, 1) raises the loss
def predicted_initial_losses():
    """Expected initial loss 0.5 E||f(x) - y||^2 for a zero, small, LeCun and N(0, 1) head."""
    return {"zero": 5.0, "small": 5.0, "lecun": 5.0, "normal": 0.5 * 10 * (1 + 128)}
