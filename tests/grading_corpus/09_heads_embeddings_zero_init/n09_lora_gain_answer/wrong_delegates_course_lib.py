# wrong: measures the ratio with course_lib's LoRALinear instead of deriving it
def first_step_gain(r, alpha, a_std, rslora):
    """E_A ||dL/dB||_F^2 / ||dL/dW||_F^2 at B = 0 for a rank-r LoRA adapter (alpha/r or alpha/sqrt(r))."""
    rng = np.random.default_rng(0)
    w = rng.standard_normal((16, 24))
    x = rng.standard_normal((64, 24))
    g = rng.standard_normal((64, 16))
    total = 0.0
    for seed in range(200):
        layer = adapters.LoRALinear(w, r, alpha, rslora=rslora, a_std=a_std, rng=seed)
        layer.forward(x)
        layer.backward(g)
        total += np.sum(layer.named_gradients()["B"] ** 2)
    return total / 200 / np.sum((g.T @ x) ** 2)
