# wrong: rescales by the square of the factor
def fix_network(net, rng):
    """Repaired weights of a ReLU MLP with a linear last layer: rescale or redraw only its broken layers."""
    fixed = []
    for i, w in enumerate(net.weights):
        t = math.sqrt((1.0 if i == len(net.weights) - 1 else 2.0) / w.shape[1])
        s = w.std()
        if s < 1e-6 * t:
            fixed.append(rng.normal(0.0, t, size=w.shape))
        elif abs(s / t - 1) > 0.1:
            fixed.append(w * (t / s) ** 2)
        else:
            fixed.append(w.copy())
    return fixed
