# right: NumPy floats in a tuple
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    half = np.float64(0.5)
    return {"sp_adam": (np.float64(0), np.float64(1), 3 * half), "mup_adam": (np.float64(0),) * 3,
            "sp_sgd": (-half, half, 2 * half)}
