# right: draws W2 before W1, gamma from ones times a flag
def init_residual_block(d, hidden, rng, zero_gamma=True):
    params = {}
    params["W2"] = rng.normal(scale=(1.0 / hidden) ** 0.5, size=(d, hidden))
    params["W1"] = rng.normal(scale=(2.0 / d) ** 0.5, size=(hidden, d))
    params["gamma"] = np.ones(d) * (0 if zero_gamma else 1)
    params["beta"] = np.zeros_like(params["gamma"])
    return params
