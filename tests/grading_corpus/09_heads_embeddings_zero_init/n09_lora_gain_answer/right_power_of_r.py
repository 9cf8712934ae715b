# right: one power of r, s = alpha r^(-1/2) or alpha r^(-1)
def first_step_gain(r, alpha, a_std, rslora):
    """E_A ||dL/dB||_F^2 / ||dL/dW||_F^2 at B = 0 for a rank-r LoRA adapter (alpha/r or alpha/sqrt(r))."""
    s = alpha * r ** (-0.5 if rslora else -1.0)
    return (s * a_std) ** 2 * r
