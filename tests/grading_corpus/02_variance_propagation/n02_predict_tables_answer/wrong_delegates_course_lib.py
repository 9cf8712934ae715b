# wrong (delegates): the ReLU theory from course_lib.stats.forward_variance, which the test blocks
def predicted_relu_tables():
    theory = np.sqrt(stats.forward_variance([100] * 6, 1.0, "relu", 1.0))
    small = stats.forward_variance([100] * 6, 0.001, "relu", 1.0)
    return {"growth": float(theory[1] / theory[0]), "std_z5": float(theory[4]), "var_z5_small": float(small[4]),
            "h5_over_z5": math.sqrt(0.5 - 1 / (2 * math.pi))}
