# wrong: E[A^T A] taken as r^2 a_std^2 I
def first_step_gain(r, alpha, a_std, rslora):
    """E_A ||dL/dB||_F^2 / ||dL/dW||_F^2 at B = 0 for a rank-r LoRA adapter (alpha/r or alpha/sqrt(r))."""
    s = alpha / math.sqrt(r) if rslora else alpha / r
    return s**2 * r**2 * a_std**2
