# right: count_nonzero over size, a dict of activations
def layer_saturation(x, weights, activation, margin=0.01):
    phi = {"tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z))}[activation]
    centre, half = (0.0, 1.0) if activation == "tanh" else (0.5, 0.5)
    h, out = x, []
    for W in weights:
        h = phi(h @ W.T)
        out.append(np.count_nonzero(np.abs(h - centre) > half - margin) / h.size)
    return out
