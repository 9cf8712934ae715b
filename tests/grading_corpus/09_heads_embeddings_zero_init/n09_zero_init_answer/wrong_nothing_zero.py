# wrong: nothing zeroed anywhere (no block starts at its base)
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    return {"lora": (), "softmax_head": (), "layerscale": (), "adaln_zero": (), "zero_gamma": (), "controlnet": ()}
