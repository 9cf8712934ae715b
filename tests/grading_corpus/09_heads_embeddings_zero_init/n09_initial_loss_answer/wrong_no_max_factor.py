# wrong: the N(0, 1) head's loss taken as the logit std itself (m_C forgotten)
def predicted_initial_losses():
    """Expected initial cross-entropy of the digits MLP for six heads (dict: head key -> loss)."""
    var = {"zero": 0.0, "small": (0.01 / math.sqrt(128)) ** 2, "pytorch_default": 1 / 384, "lecun": 1 / 128,
           "xavier": 2 / 138}
    out = {k: math.log(10) + 0.45 * 128 * v * 61 / 64 for k, v in var.items()}
    out["normal"] = math.sqrt(128 * 61 / 64)
    return out
