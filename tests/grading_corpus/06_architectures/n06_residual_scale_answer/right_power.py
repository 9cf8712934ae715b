# right: power -0.5
def residual_scale(num_layers, branches_per_layer=2):
    """Factor c on each branch output."""
    return (num_layers * branches_per_layer) ** -0.5
