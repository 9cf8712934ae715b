# wrong: believes He/fan-in init keeps every layer's change width-independent
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    return {"sp_adam": (0.0, 0.0, 0.0), "mup_adam": (0.0, 0.0, 0.0), "sp_sgd": (0.0, 0.0, 0.0)}
