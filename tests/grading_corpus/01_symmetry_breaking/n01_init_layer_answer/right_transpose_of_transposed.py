# right: draws (fan_in, fan_out) and transposes (same distribution, right shape)
def init_layer(fan_in, fan_out, std, rng):
    W = rng.normal(loc=0.0, scale=std, size=(fan_in, fan_out)).T
    return np.ascontiguousarray(W), np.zeros_like(W[:, 0])
