# right: redraws every broken layer (normal), keeps the others
def fix_network(net, rng):
    """Repaired weights of a ReLU MLP with a linear last layer: rescale or redraw only its broken layers."""
    fixed = []
    for i, w in enumerate(net.weights):
        t = math.sqrt((1.0 if i == len(net.weights) - 1 else 2.0) / w.shape[1])
        if w.std() < 0.9 * t or w.std() > 1.1 * t:
            fixed.append(rng.normal(0.0, t, size=w.shape))
        else:
            fixed.append(w)
    return fixed
