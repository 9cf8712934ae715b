# wrong: the SGD input layer's delta taken as O(1)
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    return {"sp_adam": (0.0, 1.0, 1.5), "mup_adam": (0.0, 0.0, 0.0), "sp_sgd": (0.0, 0.5, 1.0)}
