# right: the nested dict written out, lists in another order
def predicted_moving_parameters():
    alive = ["b2", "W2", "b1", "W1"]
    return {
        "relu": {"W2 random": ["b2"], "all zero": ["b2"]},
        "tanh": {"all zero": ["b2"], "W2 random": alive},
        "sigmoid": {"all zero": alive, "W2 random": list(alive)},
        "relu'(0)=1": {"all zero": ("b2",), "W2 random": tuple(alive)},
    }
