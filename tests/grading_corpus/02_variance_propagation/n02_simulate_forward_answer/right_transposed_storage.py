# right: stores each W as (fan_in, fan_out) and computes h @ W (same distribution)
def simulate_forward_std(widths, weight_std, activation, input_std, batch, rng):
    h = input_std * rng.standard_normal((batch, widths[0]))
    stds = []
    for n_in, n_out in zip(widths, widths[1:]):
        W = weight_std * rng.standard_normal((n_in, n_out))
        z = h @ W
        stds.append(z.std())
        if activation == "relu":
            h = z * (z > 0)
        else:
            h = z
    return np.array(stds)
