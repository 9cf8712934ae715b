# wrong: SGD given Adam's exponents (the gradient's size ignored)
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    return {"sp_adam": (0.0, 1.0, 1.5), "mup_adam": (0.0, 0.0, 0.0), "sp_sgd": (0.0, 1.0, 1.5)}
