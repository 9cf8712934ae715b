# right: per output 0.5 (1 + fan_in var E[h^2]), summed over the 10 outputs in a loop
def predicted_initial_losses():
    """Expected initial loss 0.5 E||f(x) - y||^2 for a zero, small, LeCun and N(0, 1) head."""
    result = {}
    for name, std in (("zero", 0.0), ("small", 0.01 / math.sqrt(128)), ("lecun", 1 / math.sqrt(128)), ("normal", 1.0)):
        total = 0.0
        for _k in range(10):
            total += 0.5 * (1.0 + 128 * std**2)
        result[name] = total
    return result
