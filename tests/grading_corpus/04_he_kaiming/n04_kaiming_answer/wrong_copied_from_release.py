# wrong: assembled from the release's visible code: he_variance's 2 / fan of a dense layer (no receptive field, no gain), sqrt(3) * std as the uniform bound
def kaiming(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", distribution="normal", rng=None):
    rng = np.random.default_rng() if rng is None else rng
    variance = 2.0 / (shape[1] if mode == "fan_in" else shape[0])
    std = math.sqrt(variance)
    if distribution == "uniform":
        return rng.uniform(-math.sqrt(3.0) * std, math.sqrt(3.0) * std, size=shape)
    return rng.normal(0.0, std, size=shape)
