# right: the last linear layer of each branch instead of its gate (Fixup-style)
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    return {"lora": ("B",), "softmax_head": ("b2", "W2"), "layerscale": ("W2",), "adaln_zero": ("W2",),
            "zero_gamma": ("gamma2",), "controlnet": ("Z2", "Z1")}
