# wrong: the widest layer's 256 taken as the head's fan_in for the N(0, 1) head
def predicted_initial_losses():
    """Expected initial loss 0.5 E||f(x) - y||^2 for a zero, small, LeCun and N(0, 1) head."""
    return {"zero": 5.0, "small": 5.0005, "lecun": 10.0, "normal": 0.5 * 10 * (1 + 256)}
