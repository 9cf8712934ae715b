# wrong: reads the jump in std z one layer late and fixes the layer after the broken one
def fix_network(net, rng):
    """Repaired weights of a ReLU MLP with a linear last layer: rescale or redraw only its broken layers."""
    fixed = [w.copy() for w in net.weights]
    for i, w in enumerate(net.weights):
        t = math.sqrt((1.0 if i == len(net.weights) - 1 else 2.0) / w.shape[1])
        s = w.std()
        if (s < 1e-6 * t or abs(s / t - 1) > 0.1) and i + 1 < len(net.weights):
            nxt = net.weights[i + 1]
            fixed[i + 1] = rng.normal(0.0, math.sqrt(2.0 / nxt.shape[1]), size=nxt.shape)
    return fixed
