# right: calls course_lib.stats.backward_variance (allowed, though it skips the point)
def predict_backward_std(widths, weight_std, activation="relu", grad_std=1.0):
    return np.sqrt(stats.backward_variance(widths, weight_std**2, activation, grad_std**2))
