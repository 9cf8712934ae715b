# right: a recursive helper for each factor, a tuple as the result
def _h(widths, mode, k):
    if k == 0:
        return 1.0
    fan = widths[k - 1] if mode == "fan_in" else widths[k]
    return _h(widths, mode, k - 1) * widths[k - 1] / fan


def _d(widths, mode, k):
    if k == len(widths) - 2:
        return 1.0
    fan = widths[k + 1] if mode == "fan_in" else widths[k + 2]
    return _d(widths, mode, k + 1) * widths[k + 2] / fan


def weight_grad_ratios(widths, mode="fan_in"):
    widths = list(widths)
    L = len(widths) - 1
    last = _h(widths, mode, L - 1) * _d(widths, mode, L - 1)
    return tuple((_h(widths, mode, k) * _d(widths, mode, k) / last) ** 0.5 for k in range(L))
