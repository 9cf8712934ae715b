# right: a helper for He / LeCun normals
def _normal(rng, shape, fan_in, gain2):
    return rng.normal(0.0, np.sqrt(gain2 / fan_in), size=shape)


def init_residual_block(d, hidden, rng, zero_gamma=True):
    return dict(W1=_normal(rng, (hidden, d), d, 2.0), W2=_normal(rng, (d, hidden), hidden, 1.0),
                gamma=np.zeros(d) if zero_gamma else np.ones(d), beta=np.zeros(d))
