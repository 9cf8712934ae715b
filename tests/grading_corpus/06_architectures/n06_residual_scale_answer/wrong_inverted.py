# wrong: sqrt(N) instead of 1/sqrt(N)
def residual_scale(num_layers, branches_per_layer=2):
    """Factor c on each branch output."""
    return math.sqrt(num_layers * branches_per_layer)
