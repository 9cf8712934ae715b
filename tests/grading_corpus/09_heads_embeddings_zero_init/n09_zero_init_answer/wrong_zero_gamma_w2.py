# wrong: the weight in front of the last BatchNorm zeroed instead of its gamma (the norm divides by sqrt(eps))
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    return {"lora": ("B",), "softmax_head": ("W2", "b2"), "layerscale": ("gamma",), "adaln_zero": ("M",),
            "zero_gamma": ("W2",), "controlnet": ("Z1", "Z2")}
