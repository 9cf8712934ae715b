# right: float32 weights
def init_residual_block(d, hidden, rng, zero_gamma=True):
    W1 = (rng.standard_normal((hidden, d)) * np.sqrt(2.0 / d)).astype(np.float32)
    W2 = (rng.standard_normal((d, hidden)) * np.sqrt(1.0 / hidden)).astype(np.float32)
    gamma = np.zeros(d, dtype=np.float32) if zero_gamma else np.ones(d, dtype=np.float32)
    return {"W1": W1, "W2": W2, "gamma": gamma, "beta": np.zeros(d, dtype=np.float32)}
