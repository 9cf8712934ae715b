# wrong (copied from the release): section 9's NumPy loop (square He weights of width n_0, always ReLU)
def simulate_forward_std(widths, weight_std, activation, input_std, batch, rng):
    n = widths[0]
    h = rng.standard_normal((batch, n))
    out = []
    for _layer in range(len(widths) - 1):
        z = h @ rng.normal(0.0, math.sqrt(2.0 / n), size=(n, n)).T  # He init: q_l = 2 at every layer
        h = np.maximum(z, 0.0)
        out.append(np.sqrt(np.mean(z**2)))
    return np.array(out)
