# wrong: the logit variance taken as fan_out Var(W) (10 instead of 128 terms)
def predicted_initial_losses():
    """Expected initial cross-entropy of the digits MLP for six heads (dict: head key -> loss)."""
    var = {"zero": 0.0, "small": (0.01 / math.sqrt(128)) ** 2, "pytorch_default": 1 / 384, "lecun": 1 / 128,
           "xavier": 2 / 138}
    out = {k: math.log(10) + 0.45 * 10 * v * 61 / 64 for k, v in var.items()}
    out["normal"] = math.sqrt(10 * 61 / 64) * 1.539
    return out
