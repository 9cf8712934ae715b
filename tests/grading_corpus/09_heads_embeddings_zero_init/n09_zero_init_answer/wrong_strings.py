# wrong: bare strings instead of tuples of names
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    return {"lora": "B", "softmax_head": "W2", "layerscale": "gamma", "adaln_zero": "M", "zero_gamma": "gamma2",
            "controlnet": "Z2"}
