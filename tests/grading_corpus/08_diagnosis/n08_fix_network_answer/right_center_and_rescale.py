# right: centres and rescales a broken layer; redraws a constant one
def fix_network(net, rng):
    """Repaired weights of a ReLU MLP with a linear last layer: rescale or redraw only its broken layers."""
    out = []
    n = len(net.weights)
    for i, w in enumerate(net.weights):
        t = (1.0 / w.shape[1]) ** 0.5 if i == n - 1 else (2.0 / w.shape[1]) ** 0.5
        s = w.std()
        if s <= 1e-9:
            out.append(t * rng.standard_normal(w.shape))
        elif abs(s - t) > 0.1 * t:
            out.append((w - w.mean()) * (t / s))
        else:
            out.append(w)
    return out
