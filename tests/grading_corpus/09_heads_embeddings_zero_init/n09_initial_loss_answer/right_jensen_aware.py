# right: the large-logit regime with E[||h||] a little below sqrt(E||h||^2), and the second-order formula elsewhere
def predicted_initial_losses():
    """Expected initial cross-entropy of the digits MLP for six heads (dict: head key -> loss)."""
    c, n, m2 = 10, 128, 0.953
    var = {"zero": 0.0, "small": (0.01 / math.sqrt(n)) ** 2, "pytorch_default": 1 / (3 * n), "lecun": 1 / n,
           "xavier": 2 / (n + c)}
    out = {k: math.log(c) + (c - 1) / (2 * c) * n * v * m2 for k, v in var.items()}
    out["normal"] = 0.93 * math.sqrt(n * m2) * 1.539
    return out
