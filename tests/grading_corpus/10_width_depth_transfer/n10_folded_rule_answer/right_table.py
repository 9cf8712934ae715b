# right: a lookup table of exponents of m
def folded_rule(kind, optimizer, width, base_width):
    """(init std / SP's std, learning rate / eta) of muP with every forward multiplier folded into the weights."""
    m = width / base_width
    exponents = {("input", "adam"): (0, 0), ("input", "sgd"): (0, 1), ("hidden", "adam"): (0, -1),
                 ("hidden", "sgd"): (0, 0), ("output", "adam"): (-0.5, -1), ("output", "sgd"): (-0.5, -1)}
    a, b = exponents[(kind, optimizer)]
    return m ** a, m ** b
