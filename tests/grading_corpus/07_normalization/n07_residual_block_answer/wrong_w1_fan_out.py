# wrong: W1's variance uses fan_out = hidden
def init_residual_block(d, hidden, rng, zero_gamma=True):
    return {"W1": rng.normal(0, math.sqrt(2 / hidden), (hidden, d)),
            "W2": rng.normal(0, math.sqrt(1 / hidden), (d, hidden)),
            "gamma": np.zeros(d) if zero_gamma else np.ones(d), "beta": np.zeros(d)}
