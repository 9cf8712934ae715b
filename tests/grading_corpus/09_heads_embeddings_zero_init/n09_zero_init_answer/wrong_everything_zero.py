# wrong: every parameter zeroed (each block starts at its base and never moves)
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    return {"lora": ("A", "B"), "softmax_head": ("W1", "W2", "b2"), "layerscale": ("gamma", "W1", "W2"),
            "adaln_zero": ("M", "W1", "W2"), "zero_gamma": ("W1", "gamma1", "W2", "gamma2"), "controlnet": ("Z1", "Wc", "Z2")}
