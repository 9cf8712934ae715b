# wrong: the tuples given as (output, hidden, input)
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    return {"sp_adam": (1.5, 1.0, 0.0), "mup_adam": (0.0, 0.0, 0.0), "sp_sgd": (1.0, 0.5, -0.5)}
