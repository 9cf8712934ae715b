# wrong: the input layer's fixed fan_in missed: every SP Adam layer grows
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    return {"sp_adam": (1.0, 1.0, 1.5), "mup_adam": (0.0, 0.0, 0.0), "sp_sgd": (-0.5, 0.5, 1.0)}
