# wrong: only E[delta_l^2]: the forward factor E[h_(l-1)^2] left out
def weight_grad_ratios(widths, mode="fan_in"):
    widths = list(widths)
    depth = len(widths) - 1
    var = [2.0 / (n_in if mode == "fan_in" else n_out) for n_in, n_out in zip(widths[:-1], widths[1:])]
    h = [1.0]
    for k in range(depth - 1):
        h.append(0.5 * widths[k] * var[k] * h[-1])
    d = [1.0] * depth
    for k in range(depth - 1, 0, -1):
        d[k - 1] = 0.5 * widths[k + 1] * var[k] * d[k]
    return [math.sqrt(d[k] / d[-1]) for k in range(depth)]
