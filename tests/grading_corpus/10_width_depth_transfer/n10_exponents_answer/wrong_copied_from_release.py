# wrong: copied the step-1 exponents the coordinate-check cell prints
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    return {"sp_adam": (0.0, 0.79, 1.26), "mup_adam": (0.0, -0.01, -0.07), "sp_sgd": (-0.49, 0.31, 0.94)}
