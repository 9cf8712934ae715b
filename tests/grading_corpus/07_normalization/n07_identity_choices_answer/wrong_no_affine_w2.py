# wrong: a LayerNorm without gamma, so W2 = 0 (identity, but the first gradient is blown up by 1/sqrt(eps))
def identity_choices():
    return {"norm_last": "gamma", "plain": "W2", "pre_norm": "W2", "rezero": "alpha", "layerscale": "lambda",
            "norm_last_no_affine": "W2", "post_norm": "none"}
