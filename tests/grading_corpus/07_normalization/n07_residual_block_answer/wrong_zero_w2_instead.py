# wrong: zeroes W2 instead of gamma (identity too, but W2 should be random and gamma zero)
def init_residual_block(d, hidden, rng, zero_gamma=True):
    W2 = np.zeros((d, hidden)) if zero_gamma else rng.normal(0, math.sqrt(1 / hidden), (d, hidden))
    return {"W1": rng.normal(0, math.sqrt(2 / d), (hidden, d)), "W2": W2, "gamma": np.ones(d), "beta": np.zeros(d)}
