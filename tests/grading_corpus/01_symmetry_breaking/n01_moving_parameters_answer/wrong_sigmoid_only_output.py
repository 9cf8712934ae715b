# wrong: all-zero sigmoid moves only the output layer (W1 never gets a gradient)
def _flat_predictions():
    return {
        ('relu', 'all zero'): {'b2'},
        ('tanh', 'all zero'): {'b2'},
        ('sigmoid', 'all zero'): {'W2', 'b2'},
        ("relu'(0)=1", 'all zero'): {'b2'},
        ('relu', 'W2 random'): {'b2'},
        ('tanh', 'W2 random'): {'W1', 'W2', 'b1', 'b2'},
        ('sigmoid', 'W2 random'): {'W1', 'W2', 'b1', 'b2'},
        ("relu'(0)=1", 'W2 random'): {'W1', 'W2', 'b1', 'b2'},
    }


def predicted_moving_parameters():
    nested = {}
    for (activation, start), names in _flat_predictions().items():
        nested.setdefault(activation, {})[start] = sorted(names)
    return nested
