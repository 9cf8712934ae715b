# wrong: a list in the key order instead of a dict
def predicted_initial_losses():
    """Expected initial loss 0.5 E||f(x) - y||^2 for a zero, small, LeCun and N(0, 1) head."""
    return [5.0, 5.0005, 10.0, 645.0]
