# wrong: every head starts at ln C (the logits' scale ignored)
def predicted_initial_losses():
    """Expected initial cross-entropy of the digits MLP for six heads (dict: head key -> loss)."""
    return {k: math.log(10) for k in ("zero", "small", "pytorch_default", "lecun", "xavier", "normal")}
