# wrong: the margin argument is ignored (always 0.01)
def layer_saturation(x, weights, activation, margin=0.01):
    h = np.asarray(x, dtype=float)
    fractions = []
    for W in weights:
        z = h @ W.T
        h = np.tanh(z) if activation == 'tanh' else 1.0 / (1.0 + np.exp(-z))
        s = np.abs(h) > 0.99 if activation == 'tanh' else np.abs(h - 0.5) > 0.49
        fractions.append(float(np.mean(s)))
    return fractions
