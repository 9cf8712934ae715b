# wrong: reads course_lib.mup.layer_rule and folds its multiplier
def folded_rule(kind, optimizer, width, base_width):
    """(init std / SP's std, learning rate / eta) of muP with every forward multiplier folded into the weights."""
    from course_lib import mup
    fan_in = width if kind != "input" else 64
    fan_out = width if kind != "output" else 10
    rule = mup.layer_rule(kind, fan_in, fan_out, optimizer=optimizer, base_fan_in=base_width if kind != "input" else 64,
                          base_fan_out=base_width if kind != "output" else 10)
    a = 1.0 / rule.multiplier
    sp = 1.0 / math.sqrt(fan_in)
    return rule.init_std / a / sp, rule.lr_scale / (a if optimizer == "adam" else a * a)
