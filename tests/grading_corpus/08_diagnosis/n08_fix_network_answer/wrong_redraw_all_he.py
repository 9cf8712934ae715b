# wrong: re-initializes every layer with He (healthy layers are not kept)
def fix_network(net, rng):
    """Repaired weights of a ReLU MLP with a linear last layer: rescale or redraw only its broken layers."""
    L = len(net.weights)
    return [rng.normal(0.0, math.sqrt((1.0 if i == L - 1 else 2.0) / w.shape[1]), size=w.shape)
            for i, w in enumerate(net.weights)]
