# wrong (delegates to course_lib): course_lib.stats's Gaussian second moments of tanh and tanh'
def tanh_rnn_chi(sigma, input_var):
    """Mean-field chi of a tanh RNN."""
    from course_lib import stats
    q = 1.0
    for _ in range(100_000):
        new = sigma**2 * float(stats.second_moment("tanh", q)) + input_var
        if abs(new - q) < 1e-14:
            break
        q = new
    return sigma**2 * float(stats.derivative_second_moment("tanh", q))
