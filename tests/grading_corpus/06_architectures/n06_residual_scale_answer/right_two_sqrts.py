# right: product of two square roots
def residual_scale(num_layers, branches_per_layer=2):
    """Factor c on each branch output."""
    return 1 / math.sqrt(num_layers) / math.sqrt(branches_per_layer)
