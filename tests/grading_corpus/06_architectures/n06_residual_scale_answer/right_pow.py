# right: math.pow
def residual_scale(num_layers, branches_per_layer=2):
    """Factor c on each branch output."""
    return math.pow(num_layers * branches_per_layer, -0.5)
