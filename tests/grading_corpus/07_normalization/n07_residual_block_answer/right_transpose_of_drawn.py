# right: draws W2 as (hidden, d) and transposes it (still i.i.d.)
def init_residual_block(d, hidden, rng, zero_gamma=True):
    W1 = rng.normal(0, math.sqrt(2 / d), (hidden, d))
    W2 = rng.normal(0, math.sqrt(1 / hidden), (hidden, d)).T
    return {"W1": W1, "W2": W2, "gamma": np.zeros(d) if zero_gamma else np.ones(d), "beta": np.zeros(d)}
