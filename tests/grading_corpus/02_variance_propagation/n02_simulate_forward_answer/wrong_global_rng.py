# wrong: draws from NumPy's global generator instead of rng
def simulate_forward_std(widths, weight_std, activation, input_std, batch, rng):
    h = np.random.normal(0.0, input_std, size=(batch, widths[0]))
    stds = []
    for n_in, n_out in zip(widths, widths[1:]):
        W = np.random.normal(0.0, weight_std, size=(n_out, n_in))
        z = h @ W.T
        stds.append(np.std(z))
        h = np.maximum(z, 0.0) if activation == "relu" else z
    return np.array(stds)
