# wrong: He target for the linear output layer too
def fix_network(net, rng):
    """Repaired weights of a ReLU MLP with a linear last layer: rescale or redraw only its broken layers."""
    fixed = []
    for w in net.weights:
        t = math.sqrt(2.0 / w.shape[1])
        s = w.std()
        if s < 1e-6 * t:
            fixed.append(rng.normal(0.0, t, size=w.shape))
        elif abs(s / t - 1) > 0.1:
            fixed.append(w * (t / s))
        else:
            fixed.append(w.copy())
    return fixed
