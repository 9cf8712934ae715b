# wrong: the SP Adam output counted from its own update only (its input's change, aligned with its rows, missed)
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    return {"sp_adam": (0.0, 1.0, 1.0), "mup_adam": (0.0, 0.0, 0.0), "sp_sgd": (-0.5, 0.5, 1.0)}
