# right: the multiplier form first, then the fold identity applied to it
def folded_rule(kind, optimizer, width, base_width):
    """(init std / SP's std, learning rate / eta) of muP with every forward multiplier folded into the weights."""
    m = width / base_width
    table8 = {"input": (1.0, 1.0, 1.0, m), "hidden": (1.0, 1.0, 1.0 / m, 1.0), "output": (math.sqrt(m), 1.0 / m, 1.0, m)}
    std, c, adam, sgd = table8[kind]
    a = 1.0 / c                          # W = a V, the new multiplier c * a = 1
    return std / a, (adam / a if optimizer == "adam" else sgd / a ** 2)
