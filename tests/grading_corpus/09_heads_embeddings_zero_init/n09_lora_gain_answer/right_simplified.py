# right: simplified by hand: alpha^2 a_std^2 / r for LoRA, alpha^2 a_std^2 for rsLoRA
def first_step_gain(r, alpha, a_std, rslora):
    """E_A ||dL/dB||_F^2 / ||dL/dW||_F^2 at B = 0 for a rank-r LoRA adapter (alpha/r or alpha/sqrt(r))."""
    return alpha**2 * a_std**2 if rslora else alpha**2 * a_std**2 / r
