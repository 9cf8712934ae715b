# right: standard_normal times the standard deviations
def init_residual_block(d, hidden, rng, zero_gamma=True):
    W1 = rng.standard_normal((hidden, d)) * math.sqrt(2 / d)
    W2 = rng.standard_normal((d, hidden)) / math.sqrt(hidden)
    gamma = np.full(d, 0.0 if zero_gamma else 1.0)
    return {"W1": W1, "W2": W2, "gamma": gamma, "beta": np.zeros(d)}
