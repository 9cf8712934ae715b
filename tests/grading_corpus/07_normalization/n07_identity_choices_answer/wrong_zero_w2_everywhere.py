# wrong: Fixup's rule everywhere: W2 = 0 before a LayerNorm puts it at 0 / sqrt(eps)
def identity_choices():
    return {"norm_last": "W2", "plain": "W2", "pre_norm": "W2", "rezero": "W2", "layerscale": "W2",
            "norm_last_no_affine": "W2", "post_norm": "W2"}
