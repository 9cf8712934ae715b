# wrong: gamma and beta as Python lists
def init_residual_block(d, hidden, rng, zero_gamma=True):
    return {"W1": rng.normal(0, math.sqrt(2 / d), (hidden, d)), "W2": rng.normal(0, math.sqrt(1 / hidden), (d, hidden)),
            "gamma": [0.0] * d if zero_gamma else [1.0] * d, "beta": [0.0] * d}
