# wrong: the factor 1/2 applied to the std, not the second moment
def predicted_relu_tables():
    return {"growth": 5.0, "std_z5": 10 * 5.0**4, "var_z5_small": 0.1 * (0.1 * 0.25) ** 4,
            "h5_over_z5": math.sqrt(0.5 - 1 / (2 * math.pi))}
