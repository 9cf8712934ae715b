# wrong: a normal truncated at 2 std and rescaled to the same variance (JAX's style)
def xavier_normal(shape, gain=1.0, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    shape = tuple(shape)
    receptive_field = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * receptive_field, shape[0] * receptive_field
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    sigma = std / 0.87962566103423978
    out = rng.normal(0.0, sigma, size=shape)
    bad = np.abs(out) > 2 * sigma
    while bad.any():
        out[bad] = rng.normal(0.0, sigma, size=int(bad.sum()))
        bad = np.abs(out) > 2 * sigma
    return out
