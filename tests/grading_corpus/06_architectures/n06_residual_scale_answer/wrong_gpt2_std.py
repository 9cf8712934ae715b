# wrong: GPT-2's weight std 0.02/sqrt(2L)
def residual_scale(num_layers, branches_per_layer=2):
    """Factor c on each branch output."""
    return 0.02 / math.sqrt(num_layers * branches_per_layer)
