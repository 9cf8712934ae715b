# right: draws every weight matrix first, then the input; einsum for the products
def simulate_forward_std(widths, weight_std, activation, input_std, batch, rng):
    weights = [rng.normal(0.0, weight_std, size=(n_out, n_in)) for n_in, n_out in zip(widths, widths[1:])]
    h = rng.normal(0.0, input_std, size=(batch, widths[0]))
    out = np.empty(len(weights))
    for l, W in enumerate(weights):
        z = np.einsum("bi,oi->bo", h, W)
        out[l] = z.std()
        h = z.clip(min=0.0) if activation == "relu" else z
    return out
