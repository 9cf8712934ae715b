# wrong: gamma zero whatever zero_gamma says
def init_residual_block(d, hidden, rng, zero_gamma=True):
    return {"W1": rng.normal(0, math.sqrt(2 / d), (hidden, d)), "W2": rng.normal(0, math.sqrt(1 / hidden), (d, hidden)),
            "gamma": np.zeros(d), "beta": np.zeros(d)}
