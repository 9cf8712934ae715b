# right: course_lib initializers for the redraw, rescaling otherwise; mutates net in place
def fix_network(net, rng):
    """Repaired weights of a ReLU MLP with a linear last layer: rescale or redraw only its broken layers."""
    for i, w in enumerate(net.weights):
        last = i == len(net.weights) - 1
        t = math.sqrt((1.0 if last else 2.0) / w.shape[1])
        s = float(np.std(w))
        if np.ptp(w) == 0:
            net.weights[i] = (init.lecun_normal(w.shape, rng=rng) if last
                              else init.kaiming_normal(w.shape, nonlinearity="relu", rng=rng))
        elif not 0.9 <= s / t <= 1.1:
            net.weights[i] = w * (t / s)
    return list(net.weights)
