# right: Monte Carlo with 2 million seeded draws, the same draws for the fixed point and for chi
def tanh_rnn_chi(sigma, input_var):
    """Mean-field chi of a tanh RNN."""
    z = np.random.default_rng(0).standard_normal(2_000_000)
    q = 1.0
    for _ in range(5000):
        new = sigma**2 * np.mean(np.tanh(np.sqrt(q) * z) ** 2) + input_var
        if abs(new - q) < 1e-12:
            break
        q = new
    return float(sigma**2 * np.mean((1 - np.tanh(np.sqrt(q) * z) ** 2) ** 2))
