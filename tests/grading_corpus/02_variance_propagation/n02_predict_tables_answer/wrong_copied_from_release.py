# wrong (copied from the release): section 8's visible code, the theory of its linear tables (stats.forward_variance)
def predicted_relu_tables():
    theory = np.sqrt(stats.forward_variance([100] * 6, 1.0, "linear", 1.0))
    small = np.sqrt(stats.forward_variance([100] * 6, 0.001, "linear", 1.0))
    return {"growth": theory[1] / theory[0], "std_z5": theory[4], "var_z5_small": small[4] ** 2,
            "h5_over_z5": math.sqrt(0.5 - 1 / (2 * math.pi))}
