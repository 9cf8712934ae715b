# wrong: zero-gamma in the post-norm block (its output becomes 0, not x)
def identity_choices():
    return {"norm_last": "gamma", "plain": "W2", "pre_norm": "W2", "rezero": "alpha", "layerscale": "lambda",
            "norm_last_no_affine": "none", "post_norm": "gamma"}
