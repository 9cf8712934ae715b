# right: an extra design the tests do not ask about is ignored
def identity_choices():
    return {"norm_last": "gamma", "plain": "W2", "pre_norm": "W2", "rezero": "alpha", "layerscale": "W2",
            "norm_last_no_affine": "none", "post_norm": "none", "my_notes": "none"}
