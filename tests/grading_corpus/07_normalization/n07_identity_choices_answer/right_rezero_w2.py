# right: ReZero and LayerScale by their last weight (W2 = 0 also starts them as the identity and learns)
def identity_choices():
    return {"norm_last": "gamma", "plain": "W2", "pre_norm": "W2", "rezero": "W2", "layerscale": "W2",
            "norm_last_no_affine": "none", "post_norm": "none"}
