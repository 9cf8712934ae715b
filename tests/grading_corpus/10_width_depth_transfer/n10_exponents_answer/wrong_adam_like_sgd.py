# wrong: Adam given SGD's exponents (Adam's sign step ignored)
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    return {"sp_adam": (-0.5, 0.5, 1.0), "mup_adam": (0.0, 0.0, 0.0), "sp_sgd": (-0.5, 0.5, 1.0)}
