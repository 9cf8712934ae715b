# wrong: integer division gives 0
def residual_scale(num_layers, branches_per_layer=2):
    """Factor c on each branch output."""
    return 1 // math.isqrt(num_layers * branches_per_layer)
