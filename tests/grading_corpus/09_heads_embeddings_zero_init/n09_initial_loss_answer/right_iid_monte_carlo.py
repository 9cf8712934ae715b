# right: an exact Monte Carlo of C i.i.d. N(0, s^2) logits (numpy only) at the theory's logit std
def predicted_initial_losses():
    """Expected initial cross-entropy of the digits MLP for six heads (dict: head key -> loss)."""
    rng = np.random.default_rng(0)
    zeta = rng.standard_normal((100_000, 10))
    var = {"zero": 0.0, "small": (0.01 / math.sqrt(128)) ** 2, "pytorch_default": 1 / 384, "lecun": 1 / 128,
           "xavier": 2 / 138, "normal": 1.0}
    out = {}
    for name, v in var.items():
        z = math.sqrt(128 * v * 0.953125) * zeta
        top = z.max(axis=1)
        out[name] = float(np.mean(top + np.log(np.exp(z - top[:, None]).sum(axis=1)) - z[:, 0]))
    return out
