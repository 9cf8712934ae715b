# wrong: fan_in: sqrt(n_L / n_(l-1)) with the layer's input width; fan_out: the output width
def weight_grad_ratios(widths, mode="fan_in"):
    n = list(widths)
    L = len(n) - 1
    if mode == "fan_in":
        return [math.sqrt(n[L] / n[l - 1]) / math.sqrt(n[L] / n[L - 1]) for l in range(1, L + 1)]
    return [math.sqrt(n[L] / n[l]) for l in range(1, L + 1)]
