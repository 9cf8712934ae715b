# right: NumPy cumulative products of the per-layer factors, returns an array
def weight_grad_ratios(widths, mode="fan_in"):
    n = np.asarray(widths, dtype=float)
    fan = n[:-1] if mode == "fan_in" else n[1:]
    forward = n[:-1] / fan                       # E[h_l^2] / E[h_(l-1)^2] for the hidden layers
    backward = n[1:] / fan                       # E[delta_(l-1)^2] / E[delta_l^2]
    h = np.concatenate([[1.0], np.cumprod(forward[:-1])])
    d = np.concatenate([np.cumprod(backward[1:][::-1])[::-1], [1.0]])
    return np.sqrt(h * d / (h[-1] * d[-1]))
