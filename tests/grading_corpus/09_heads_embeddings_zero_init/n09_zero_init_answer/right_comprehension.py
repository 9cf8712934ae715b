# right: built from a table of gates, lists and tuples mixed, the other working choice for LayerScale and adaLN-Zero
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    gates = {"lora": "B", "layerscale": "W2", "adaln_zero": "W2", "zero_gamma": "gamma2"}
    out = {key: [name] for key, name in gates.items()}
    out["softmax_head"] = ("b2", "W2")
    out["controlnet"] = ["Z2"]
    return out
