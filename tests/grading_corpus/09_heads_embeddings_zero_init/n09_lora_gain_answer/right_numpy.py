# right: numpy arithmetic, a numpy float returned
def first_step_gain(r, alpha, a_std, rslora):
    """E_A ||dL/dB||_F^2 / ||dL/dW||_F^2 at B = 0 for a rank-r LoRA adapter (alpha/r or alpha/sqrt(r))."""
    s = np.float64(alpha) / (np.sqrt(r) if rslora else r)
    return np.square(s) * r * np.square(a_std)
