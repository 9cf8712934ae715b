# wrong: W2 is W1 transposed and rescaled (not independent)
def init_residual_block(d, hidden, rng, zero_gamma=True):
    W1 = rng.normal(0, math.sqrt(2 / d), (hidden, d))
    W2 = W1.T * math.sqrt(d / (2 * hidden))
    return {"W1": W1, "W2": W2, "gamma": np.zeros(d) if zero_gamma else np.ones(d), "beta": np.zeros(d)}
