# wrong: zero-gamma in the pre-norm block (the LN feeds zeros into W1: every gradient is 0)
def identity_choices():
    return {"norm_last": "gamma", "plain": "W2", "pre_norm": "gamma", "rezero": "alpha", "layerscale": "lambda",
            "norm_last_no_affine": "none", "post_norm": "none"}
