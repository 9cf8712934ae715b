# right: from phi(0) and phi'(0): something beyond b2 moves iff h = phi(0) != 0, or phi'(0) != 0 with W2 random
def _flat_predictions():
    phi0 = {"relu": 0.0, "tanh": 0.0, "sigmoid": 0.5, "relu'(0)=1": 0.0}
    dphi0 = {"relu": 0.0, "tanh": 1.0, "sigmoid": 0.25, "relu'(0)=1": 1.0}
    out = {}
    for act in phi0:
        for start in ("all zero", "W2 random"):
            alive = phi0[act] != 0 or (dphi0[act] != 0 and start == "W2 random")
            out[(act, start)] = {"W1", "b1", "W2", "b2"} if alive else {"b2"}
    return out


def predicted_moving_parameters():
    nested = {}
    for (activation, start), names in _flat_predictions().items():
        nested.setdefault(activation, {})[start] = sorted(names)
    return nested
