# right: through logarithms
def first_step_gain(r, alpha, a_std, rslora):
    """E_A ||dL/dB||_F^2 / ||dL/dW||_F^2 at B = 0 for a rank-r LoRA adapter (alpha/r or alpha/sqrt(r))."""
    log_s = math.log(alpha) - (0.5 if rslora else 1.0) * math.log(r)
    return math.exp(2 * log_s + math.log(r) + 2 * math.log(a_std))
