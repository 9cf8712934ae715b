# wrong: returns an array
def residual_scale(num_layers, branches_per_layer=2):
    """Factor c on each branch output."""
    return np.array([1.0 / math.sqrt(num_layers * branches_per_layer)])
