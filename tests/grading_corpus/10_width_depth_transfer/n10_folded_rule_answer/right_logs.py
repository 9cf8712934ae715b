# right: through logarithms
def folded_rule(kind, optimizer, width, base_width):
    """(init std / SP's std, learning rate / eta) of muP with every forward multiplier folded into the weights."""
    log_m = math.log(width) - math.log(base_width)
    e_std = -0.5 if kind == "output" else 0.0
    e_lr = {"input": 0.0 if optimizer == "adam" else 1.0, "hidden": -1.0 if optimizer == "adam" else 0.0,
            "output": -1.0}[kind]
    return math.exp(e_std * log_m), math.exp(e_lr * log_m)
