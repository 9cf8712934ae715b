# wrong: measures the exponent by simulating a LayerNorm layer with course_lib.norm (the test blocks it)
def matching_lr(optimizer, lr, c):
    if optimizer == "sgd_weight_decay":
        return None
    rng = np.random.default_rng(0)
    x, W = rng.standard_normal((16, 5)), rng.standard_normal((3, 5))
    r = rng.standard_normal((16, 3))
    z = x @ W.T
    grad = norm.layer_norm_backward(r, z, np.ones(3))[0].T @ x
    z2 = x @ (c * W).T
    grad2 = norm.layer_norm_backward(r, z2, np.ones(3))[0].T @ x
    ratio = np.linalg.norm(grad) / np.linalg.norm(grad2)          # = c
    power = {"sgd": 2, "momentum": 2, "nesterov": 2, "lars": 0}.get(optimizer, 1)
    return lr * ratio**power
