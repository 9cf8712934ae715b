# right: through the trace of E[A^T A] = r a_std^2 I, per unit of ||dL/dW||^2
def first_step_gain(r, alpha, a_std, rslora):
    """E_A ||dL/dB||_F^2 / ||dL/dW||_F^2 at B = 0 for a rank-r LoRA adapter (alpha/r or alpha/sqrt(r))."""
    expected_ata_diagonal = r * a_std * a_std
    scale = alpha / (r ** 0.5) if rslora else alpha / r
    return scale * scale * expected_ata_diagonal
