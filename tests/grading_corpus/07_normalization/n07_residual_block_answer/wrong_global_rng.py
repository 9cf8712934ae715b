# wrong: draws from the global np.random instead of rng
def init_residual_block(d, hidden, rng, zero_gamma=True):
    return {"W1": np.random.normal(0, math.sqrt(2 / d), (hidden, d)),
            "W2": np.random.normal(0, math.sqrt(1 / hidden), (d, hidden)),
            "gamma": np.zeros(d) if zero_gamma else np.ones(d), "beta": np.zeros(d)}
