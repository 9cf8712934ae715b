# wrong: averages each unit's std over the batch (removes the per-unit means)
def simulate_forward_std(widths, weight_std, activation, input_std, batch, rng):
    h = input_std * rng.standard_normal((batch, widths[0]))
    stds = []
    for n_in, n_out in zip(widths, widths[1:]):
        W = weight_std * rng.standard_normal((n_out, n_in))
        z = h @ W.T
        stds.append(np.std(z, axis=0).mean())
        h = np.maximum(z, 0.0) if activation == "relu" else z
    return np.array(stds)
