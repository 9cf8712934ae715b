# wrong: LoRA with A and B both zero (each one's gradient is a product with the other: never moves)
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    return {"lora": ("A", "B"), "softmax_head": ("W2", "b2"), "layerscale": ("gamma",), "adaln_zero": ("M",),
            "zero_gamma": ("gamma2",), "controlnet": ("Z1", "Z2")}
