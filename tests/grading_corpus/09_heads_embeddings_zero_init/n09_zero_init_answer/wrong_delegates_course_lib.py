# wrong: asks course_lib's blocks which gradients are non-zero at their default start, keeps their zeros
def zero_init_choices():
    """For each block, the parameters that start at zero so it starts as its base and still learns."""
    rng = np.random.default_rng(0)
    out = {"softmax_head": ("W2", "b2"), "lora": ("B",)}
    layer = adapters.LoRALinear(rng.normal(size=(8, 12)), 4, rng=rng)
    if np.all(layer.B == 0):
        out["lora"] = ("B",)
    block = adapters.AdaLNZeroBlock(10, 16, 6, rng=rng)
    out["adaln_zero"] = tuple(n for n, p in block.named_parameters().items() if not p.any())
    block = adapters.ZeroGammaResidualBlock(10, 16, rng=rng)
    out["zero_gamma"] = tuple(n for n, p in block.named_parameters().items() if not p.any() and n != "beta2")
    block = adapters.ControlNetBlock(rng.normal(size=(12, 10)), 6, rng=rng)
    out["controlnet"] = tuple(n for n, p in block.named_parameters().items() if not p.any())
    out["layerscale"] = ("gamma",)
    return out
