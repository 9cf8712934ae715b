# wrong: the release's measuring cell pasted into the function: a Monte Carlo on a random layer
def first_step_gain(r, alpha, a_std, rslora):
    """E_A ||dL/dB||_F^2 / ||dL/dW||_F^2 at B = 0 for a rank-r LoRA adapter (alpha/r or alpha/sqrt(r))."""
    rng = np.random.default_rng(17)
    grad_w = rng.standard_normal((32, 48))
    a_draws = rng.normal(0.0, a_std, (400, r, 48))
    norms = np.mean(np.sum((grad_w @ a_draws.transpose(0, 2, 1)) ** 2, axis=(1, 2))) / np.sum(grad_w**2)
    return float(adapters.lora_scale(alpha, r, rslora=rslora) ** 2 * norms)
