# wrong: W2 = 0 in the post-norm block leaves LN(x), which is not x
def identity_choices():
    return {"norm_last": "gamma", "plain": "W2", "pre_norm": "W2", "rezero": "alpha", "layerscale": "lambda",
            "norm_last_no_affine": "none", "post_norm": "W2"}
