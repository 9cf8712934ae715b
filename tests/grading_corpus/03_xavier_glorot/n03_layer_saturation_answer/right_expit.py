# right: scipy.special.expit for the sigmoid
from scipy.special import expit


def layer_saturation(x, weights, activation, margin=0.01):
    h = np.asarray(x, dtype=float)
    fractions = []
    for W in weights:
        z = h @ W.T
        h = np.tanh(z) if activation == 'tanh' else expit(z)
        s = np.abs(h) > 1 - margin if activation == 'tanh' else np.abs(h - 0.5) > 0.5 - margin
        fractions.append(float(np.mean(s)))
    return fractions
