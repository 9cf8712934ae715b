# wrong: branches per layer fixed at 2
def residual_scale(num_layers, branches_per_layer=2):
    """Factor c on each branch output."""
    return 1.0 / math.sqrt(2 * num_layers)
