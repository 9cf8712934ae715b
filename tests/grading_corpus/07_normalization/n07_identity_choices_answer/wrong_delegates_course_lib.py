# wrong: tries each choice on course_lib.norm's ResidualStack (the test blocks course_lib.norm)
def identity_choices():
    stack = ResidualStack(2, 8, 16, "none", branch_norm=True, zero_gamma=True, rng=0)
    identity = bool(np.allclose(stack.forward(np.ones((2, 8))), np.ones((2, 8))))
    gamma_choice = "gamma" if identity else "W2"
    return {"norm_last": gamma_choice, "plain": "W2", "pre_norm": "W2", "rezero": "alpha", "layerscale": "lambda",
            "norm_last_no_affine": "none", "post_norm": "none"}
