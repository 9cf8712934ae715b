# wrong: sets instead of the tuples asked for (a set is not plain data for the trusted grader either)
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    return {"lora": {"B"}, "softmax_head": {"W2", "b2"}, "layerscale": {"gamma"}, "adaln_zero": {"M"},
            "zero_gamma": {"gamma2"}, "controlnet": {"Z2"}}
