# right: ReZero by its weight, LayerScale by its gate
def identity_choices():
    return {"post_norm": "none", "norm_last_no_affine": "none", "layerscale": "lambda", "rezero": "W2",
            "pre_norm": "W2", "plain": "W2", "norm_last": "gamma"}
