# wrong: uniform with the normal's std as its bound
def init_residual_block(d, hidden, rng, zero_gamma=True):
    s1, s2 = math.sqrt(2 / d), math.sqrt(1 / hidden)
    return {"W1": rng.uniform(-s1, s1, (hidden, d)), "W2": rng.uniform(-s2, s2, (d, hidden)),
            "gamma": np.zeros(d) if zero_gamma else np.ones(d), "beta": np.zeros(d)}
