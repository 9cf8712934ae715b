# right: solves N c^2 = 1
def residual_scale(num_layers, branches_per_layer=2):
    """Factor c on each branch output."""
    n = num_layers * branches_per_layer
    variance = 1 / n
    return math.sqrt(variance)
