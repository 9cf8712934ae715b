# right: numpy floats
def predicted_initial_losses():
    """Expected initial loss 0.5 E||f(x) - y||^2 for a zero, small, LeCun and N(0, 1) head."""
    var = np.array([0.0, 1e-4 / 128, 1 / 128, 1.0])
    values = 0.5 * 10 * (1 + 128 * var)
    return dict(zip(["zero", "small", "lecun", "normal"], values))
