# right: the closed forms sqrt(n_L / n_l) (fan_in) and sqrt(n_(L-1) / n_(l-1)) (fan_out)
def weight_grad_ratios(widths, mode="fan_in"):
    n = list(widths)
    L = len(n) - 1
    if mode == "fan_in":
        return [math.sqrt(n[L] / n[l]) for l in range(1, L + 1)]
    return [math.sqrt(n[L - 1] / n[l - 1]) for l in range(1, L + 1)]
