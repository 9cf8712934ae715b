# right: frozensets and tuples
def _flat_predictions():
    stuck, alive = frozenset(["b2"]), frozenset(["W1", "b1", "W2", "b2"])
    return {("relu", "all zero"): stuck, ("tanh", "all zero"): stuck, ("sigmoid", "all zero"): alive,
            ("relu'(0)=1", "all zero"): ("b2",), ("relu", "W2 random"): stuck, ("tanh", "W2 random"): alive,
            ("sigmoid", "W2 random"): tuple(alive), ("relu'(0)=1", "W2 random"): alive}


def predicted_moving_parameters():
    nested = {}
    for (activation, start), names in _flat_predictions().items():
        nested.setdefault(activation, {})[start] = sorted(names)
    return nested
