# wrong: branches per layer ignored
def residual_scale(num_layers, branches_per_layer=2):
    """Factor c on each branch output."""
    return 1.0 / math.sqrt(num_layers)
