# right: integers and a half written as a fraction of ints
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    return {"sp_adam": (0, 1, 3 / 2), "mup_adam": (0, 0, 0), "sp_sgd": (-1 / 2, 1 / 2, 1)}
