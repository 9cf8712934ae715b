# wrong: SGD's rate divided by the folded factor once, like Adam's
def folded_rule(kind, optimizer, width, base_width):
    """(init std / SP's std, learning rate / eta) of muP with every forward multiplier folded into the weights."""
    m = width / base_width
    if kind == "output":
        return 1.0 / math.sqrt(m), (1.0 / m if optimizer == "adam" else 1.0)
    if kind == "hidden":
        return 1.0, (1.0 / m if optimizer == "adam" else 1.0)
    return 1.0, (1.0 if optimizer == "adam" else m)
