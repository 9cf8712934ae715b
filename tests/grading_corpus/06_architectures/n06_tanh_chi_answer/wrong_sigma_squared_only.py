# wrong: chi = sigma^2, as if tanh' were 1 (the linear RNN)
def tanh_rnn_chi(sigma, input_var):
    """Mean-field chi of a tanh RNN."""
    return float(sigma**2)
