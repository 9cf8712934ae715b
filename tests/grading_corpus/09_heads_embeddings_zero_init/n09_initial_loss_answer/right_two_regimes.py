# right: second-order formula for small logits, s m_10 for the N(0, 1) head, written out per key
def predicted_initial_losses():
    """Expected initial cross-entropy of the digits MLP for six heads (dict: head key -> loss)."""
    ln10 = math.log(10)
    m2 = 61 / 64
    s2 = {"zero": 0.0, "small": 1e-4 * m2, "pytorch_default": m2 / 3, "lecun": m2, "xavier": 128 * 2 / 138 * m2}
    out = {k: ln10 + 0.45 * v for k, v in s2.items()}
    out["normal"] = math.sqrt(128 * m2) * 1.538
    return out
