# wrong (delegates): one call of course_lib.stats.forward_variance, which the test blocks
def predict_forward_std(widths, weight_std, activation="relu", input_std=1.0):
    return np.sqrt(stats.forward_variance(widths, weight_std**2, activation, input_std**2))
