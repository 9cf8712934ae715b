# right: tracks the actual second moments (E[x^2] = 3, E[(dL/dz_L)^2] = 0.5, B = 64), divides at the end
def weight_grad_ratios(widths, mode="fan_in"):
    widths = list(widths)
    depth = len(widths) - 1
    var = [2.0 / (widths[k] if mode == "fan_in" else widths[k + 1]) for k in range(depth)]
    h2, z2 = [3.0], None
    for k in range(depth - 1):
        z2 = widths[k] * var[k] * h2[-1]
        h2.append(z2 / 2)
    d2 = [0.0] * depth
    d2[-1] = 0.5
    for k in range(depth - 1, 0, -1):
        g2 = widths[k + 1] * var[k] * d2[k]
        d2[k - 1] = g2 / 2
    grad = [64 * a * b for a, b in zip(h2, d2)]
    return [math.sqrt(g / grad[-1]) for g in grad]
