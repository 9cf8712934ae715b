# wrong: saturation measured on the pre-activation z
def layer_saturation(x, weights, activation, margin=0.01):
    h = np.asarray(x, dtype=float)
    fractions = []
    for W in weights:
        z = h @ W.T
        h = np.tanh(z) if activation == 'tanh' else 1.0 / (1.0 + np.exp(-z))
        s = np.abs(z) > 1 - margin if activation == 'tanh' else np.abs(z - 0.5) > 0.5 - margin
        fractions.append(float(np.mean(s)))
    return fractions
