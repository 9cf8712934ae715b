# wrong: the head's weights zeroed but its bias left random (the start is not uniform)
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    return {"lora": ("B",), "softmax_head": ("W2",), "layerscale": ("gamma",), "adaln_zero": ("M",),
            "zero_gamma": ("gamma2",), "controlnet": ("Z1", "Z2")}
