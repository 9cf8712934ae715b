# wrong: nothing moves in the stuck cases, not even the output bias
def _flat_predictions():
    return {
        ('relu', 'all zero'): {},
        ('tanh', 'all zero'): {},
        ('sigmoid', 'all zero'): {'W1', 'W2', 'b1', 'b2'},
        ("relu'(0)=1", 'all zero'): {},
        ('relu', 'W2 random'): {},
        ('tanh', 'W2 random'): {'W1', 'W2', 'b1', 'b2'},
        ('sigmoid', 'W2 random'): {'W1', 'W2', 'b1', 'b2'},
        ("relu'(0)=1", 'W2 random'): {'W1', 'W2', 'b1', 'b2'},
    }


def predicted_moving_parameters():
    nested = {}
    for (activation, start), names in _flat_predictions().items():
        nested.setdefault(activation, {})[start] = sorted(names)
    return nested
