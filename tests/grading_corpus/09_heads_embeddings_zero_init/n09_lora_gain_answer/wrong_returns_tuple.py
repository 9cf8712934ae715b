# wrong: returns both scalings as a tuple
def first_step_gain(r, alpha, a_std, rslora):
    """E_A ||dL/dB||_F^2 / ||dL/dW||_F^2 at B = 0 for a rank-r LoRA adapter (alpha/r or alpha/sqrt(r))."""
    return (alpha**2 * a_std**2 / r, alpha**2 * a_std**2)
