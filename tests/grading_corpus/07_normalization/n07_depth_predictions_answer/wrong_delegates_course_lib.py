# wrong: measures the three numbers with course_lib.norm.ResidualStack instead of predicting (the tests block it)
def depth_predictions():
    def last_grad(placement, depth):
        rng = np.random.default_rng(0)
        stack = ResidualStack(depth, 64, 256, placement, rng=rng)
        stack.mse_loss(rng.standard_normal((128, 64)), rng.standard_normal((128, 64)))
        return stack.grad_norms[-1], stack.rms[-1]
    pre6, pre48 = last_grad("pre", 6), last_grad("pre", 48)
    post6, post48 = last_grad("post", 6), last_grad("post", 48)
    return {"pre_last_ratio": pre48[0] / pre6[0], "post_last_ratio": post48[0] / post6[0], "pre_stream_rms": pre48[1]}
