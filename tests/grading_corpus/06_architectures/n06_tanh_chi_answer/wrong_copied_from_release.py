# wrong (copied from the release): the notebook's simulation, the measured rate of a random tanh RNN via course_lib.recurrent
def tanh_rnn_chi(sigma, input_var):
    """Measured per-step rate of the squared gradient norm of a random tanh RNN."""
    H_wide, T_long = 256, 200
    rng = np.random.default_rng(9)
    xs_long = rng.normal(size=(T_long, 16, 8))
    W_ih_wide = rng.normal(0.0, math.sqrt(input_var / 8), (H_wide, 8))
    W_hh = np.random.default_rng(10).normal(0.0, sigma / math.sqrt(H_wide), (H_wide, H_wide))
    norms = recurrent.rnn_bptt(W_hh, W_ih_wide, xs_long, nonlinearity="tanh").grad_norms
    return float((norms[T_long] / norms[20]) ** (2 / (T_long - 20)))
