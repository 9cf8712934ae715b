# right: a learner who rounded toward the finite-width measurements, within a fifth
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    return {"sp_adam": (0.0, 0.85, 1.35), "mup_adam": (0.05, 0.0, -0.1), "sp_sgd": (-0.5, 0.35, 0.9)}
