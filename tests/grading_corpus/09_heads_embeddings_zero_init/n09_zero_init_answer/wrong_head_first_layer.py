# wrong: the head case's hidden layer zeroed with the bias (uniform output, but relu(0) = 0 stops W1 and W2)
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    return {"lora": ("B",), "softmax_head": ("W1", "b2"), "layerscale": ("gamma",), "adaln_zero": ("M",),
            "zero_gamma": ("gamma2",), "controlnet": ("Z1", "Z2")}
