# right: LoRA's A zeroed (B random), adaLN-Zero's modulation, names as tuples built from split strings
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    text = {"lora": "A", "softmax_head": "W2 b2", "layerscale": "gamma", "adaln_zero": "M", "zero_gamma": "gamma2",
            "controlnet": "Z1 Z2"}
    return {key: tuple(value.split()) for key, value in text.items()}
