# wrong: "none" for the gated designs (alpha or W2 would do)
def identity_choices():
    return {"norm_last": "gamma", "plain": "W2", "pre_norm": "W2", "rezero": "none", "layerscale": "none",
            "norm_last_no_affine": "none", "post_norm": "none"}
