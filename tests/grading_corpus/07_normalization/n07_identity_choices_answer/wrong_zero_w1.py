# wrong: zeroes the first weight of the plain and pre-norm branches (relu'(0) = 0: dead forever)
def identity_choices():
    return {"norm_last": "gamma", "plain": "W1", "pre_norm": "W1", "rezero": "alpha", "layerscale": "lambda",
            "norm_last_no_affine": "none", "post_norm": "none"}
