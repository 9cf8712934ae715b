# right: LoRA with A = 0 and B random (A moves first), ControlNet with only the output convolution zero
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    return {"lora": ("A",), "softmax_head": ("W2", "b2"), "layerscale": ("gamma",), "adaln_zero": ("M",),
            "zero_gamma": ("gamma2",), "controlnet": ("Z2",)}
