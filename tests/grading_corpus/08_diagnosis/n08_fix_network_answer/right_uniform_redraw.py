# right: redraws broken layers from a uniform with the target variance
def fix_network(net, rng):
    """Repaired weights of a ReLU MLP with a linear last layer: rescale or redraw only its broken layers."""
    fixed = []
    for i, w in enumerate(net.weights):
        t = math.sqrt((1.0 if i == len(net.weights) - 1 else 2.0) / w.shape[1])
        if abs(w.std() / t - 1) > 0.1:
            b = math.sqrt(3.0) * t
            fixed.append(rng.uniform(-b, b, size=w.shape))
        else:
            fixed.append(w.copy())
    return fixed
