# right: the recursion in log space, normalized at the end
def weight_grad_ratios(widths, mode="fan_in"):
    n = [int(v) for v in widths]
    L = len(n) - 1
    log_var = [math.log(2.0) - math.log(n[k] if mode == "fan_in" else n[k + 1]) for k in range(L)]
    log_h = [0.0]
    for k in range(L - 1):
        log_h.append(log_h[-1] + math.log(0.5 * n[k]) + log_var[k])
    log_d = [0.0] * L
    for k in range(L - 1, 0, -1):
        log_d[k - 1] = log_d[k] + math.log(0.5 * n[k + 1]) + log_var[k]
    last = log_h[-1] + log_d[-1]
    return [math.exp(0.5 * (log_h[k] + log_d[k] - last)) for k in range(L)]
