# right: lists instead of sets, built in a loop
def _flat_predictions():
    out = {}
    for act in ("relu", "tanh", "sigmoid", "relu'(0)=1"):
        for start in ("all zero", "W2 random"):
            out[(act, start)] = ["b2"]
    for key in [("sigmoid", "all zero"), ("tanh", "W2 random"), ("sigmoid", "W2 random"),
                ("relu'(0)=1", "W2 random")]:
        out[key] = ["W1", "b1", "W2", "b2"]
    return out


def predicted_moving_parameters():
    nested = {}
    for (activation, start), names in _flat_predictions().items():
        nested.setdefault(activation, {})[start] = sorted(names)
    return nested
