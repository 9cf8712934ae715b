# wrong: returns the variance 1/N
def residual_scale(num_layers, branches_per_layer=2):
    """Factor c on each branch output."""
    return 1.0 / (num_layers * branches_per_layer)
