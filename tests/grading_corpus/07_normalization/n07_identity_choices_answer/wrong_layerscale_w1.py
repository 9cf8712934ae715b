# wrong: LayerScale's first weight zeroed (relu'(0) = 0: no gradient ever reaches the branch)
def identity_choices():
    return {"norm_last": "gamma", "plain": "W2", "pre_norm": "W2", "rezero": "alpha", "layerscale": "W1",
            "norm_last_no_affine": "none", "post_norm": "none"}
