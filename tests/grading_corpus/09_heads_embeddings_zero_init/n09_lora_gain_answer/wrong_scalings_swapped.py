# wrong: LoRA and rsLoRA swapped
def first_step_gain(r, alpha, a_std, rslora):
    """E_A ||dL/dB||_F^2 / ||dL/dW||_F^2 at B = 0 for a rank-r LoRA adapter (alpha/r or alpha/sqrt(r))."""
    s = alpha / r if rslora else alpha / math.sqrt(r)
    return s**2 * r * a_std**2
