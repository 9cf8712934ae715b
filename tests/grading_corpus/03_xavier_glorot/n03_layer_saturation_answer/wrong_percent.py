# wrong: percentages instead of fractions
def layer_saturation(x, weights, activation, margin=0.01):
    h = np.asarray(x, dtype=float)
    fractions = []
    for W in weights:
        z = h @ W.T
        h = np.tanh(z) if activation == 'tanh' else 1.0 / (1.0 + np.exp(-z))
        s = np.abs(h) > 1 - margin if activation == 'tanh' else np.abs(h - 0.5) > 0.5 - margin
        fractions.append(100.0 * float(np.mean(s)))
    return fractions
