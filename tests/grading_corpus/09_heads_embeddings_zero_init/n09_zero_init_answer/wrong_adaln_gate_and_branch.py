# wrong: adaLN-Zero's modulation and the branch's last layer both zero (they multiply: stuck)
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    return {"lora": ("B",), "softmax_head": ("W2", "b2"), "layerscale": ("gamma",), "adaln_zero": ("M", "W2"),
            "zero_gamma": ("gamma2",), "controlnet": ("Z1", "Z2")}
