# right: sigmoid as (1 + tanh(z/2)) / 2, saturation as h < m or h > 1 - m
def layer_saturation(x, weights, activation, margin=0.01):
    h = np.asarray(x, dtype=float)
    fractions = []
    for W in weights:
        z = h @ W.T
        h = np.tanh(z) if activation == 'tanh' else 0.5 * (1 + np.tanh(z / 2))
        s = (np.abs(h) > 1 - margin) if activation == 'tanh' else (h < margin) | (h > 1 - margin)
        fractions.append(float(np.mean(s)))
    return fractions
