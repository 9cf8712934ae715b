# right: the gates for ReZero and LayerScale, as their papers do
def identity_choices():
    choices = dict.fromkeys(["norm_last_no_affine", "post_norm"], "none")
    choices.update(norm_last="gamma", plain="W2", pre_norm="W2", rezero="alpha", layerscale="lambda")
    return choices
