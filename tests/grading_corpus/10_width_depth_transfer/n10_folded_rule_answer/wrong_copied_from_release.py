# wrong: copied the multiplier form of the release's table (nothing folded)
def folded_rule(kind, optimizer, width, base_width):
    """(init std / SP's std, learning rate / eta) of muP with every forward multiplier folded into the weights."""
    m = width / base_width
    table = {("input", "adam"): (1.0, 1.0), ("input", "sgd"): (1.0, m), ("hidden", "adam"): (1.0, 1.0 / m),
             ("hidden", "sgd"): (1.0, 1.0), ("output", "adam"): (math.sqrt(m), 1.0), ("output", "sgd"): (math.sqrt(m), m)}
    return table[(kind, optimizer)]
