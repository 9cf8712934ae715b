# right: built in a loop from the rule "zero what multiplies the branch last, unless a LayerNorm follows it"
def identity_choices():
    last_factor = {"norm_last": "gamma", "plain": "W2", "pre_norm": "W2", "rezero": "alpha", "layerscale": "lambda",
                   "norm_last_no_affine": None, "post_norm": None}
    return {design: (name if name is not None else "none") for design, name in last_factor.items()}
