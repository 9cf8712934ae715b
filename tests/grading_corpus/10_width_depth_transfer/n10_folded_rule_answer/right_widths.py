# right: written with the widths, never forming m
def folded_rule(kind, optimizer, width, base_width):
    """(init std / SP's std, learning rate / eta) of muP with every forward multiplier folded into the weights."""
    if kind == "output":
        return math.sqrt(base_width / width), base_width / width
    if kind == "hidden" and optimizer == "adam":
        return 1.0, base_width / width
    if kind == "input" and optimizer == "sgd":
        return 1.0, width / base_width
    return 1.0, 1.0
