# wrong: forgets the post-norm design
def identity_choices():
    return {"norm_last": "gamma", "plain": "W2", "pre_norm": "W2", "rezero": "alpha", "layerscale": "lambda",
            "norm_last_no_affine": "none"}
