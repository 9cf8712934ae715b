# wrong: U(-std, std) weights (their std is weight_std / sqrt(3))
def simulate_forward_std(widths, weight_std, activation, input_std, batch, rng):
    h = input_std * rng.standard_normal((batch, widths[0]))
    stds = []
    for n_in, n_out in zip(widths, widths[1:]):
        W = rng.uniform(-weight_std, weight_std, size=(n_out, n_in))
        z = h @ W.T
        stds.append(np.std(z))
        h = np.maximum(z, 0.0) if activation == "relu" else z
    return np.array(stds)
