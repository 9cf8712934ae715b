# wrong: variances where standard deviations are asked (growth and std_z5)
def predicted_relu_tables():
    return {"growth": 50.0, "std_z5": 100 * 50.0**4, "var_z5_small": 0.1 * 0.05**4,
            "h5_over_z5": math.sqrt(0.5 - 1 / (2 * math.pi))}
