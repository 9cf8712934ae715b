# wrong: copied from the release: the fan_in law "per entry proportional to n_L / n_l" of section 5.1 (square-rooted), and "much more even" read as every ratio 1 for fan_out
def weight_grad_ratios(widths, mode="fan_in"):
    n = list(widths)
    L = len(n) - 1
    if mode == "fan_in":
        return [math.sqrt(n[L] / n[l]) for l in range(1, L + 1)]
    return [1.0] * L
