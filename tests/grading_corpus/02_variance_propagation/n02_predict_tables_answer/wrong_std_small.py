# wrong: the std of z_5 given where the variance is asked (small weights)
def predicted_relu_tables():
    return {"growth": math.sqrt(50), "std_z5": 10 * math.sqrt(50) ** 4, "var_z5_small": math.sqrt(0.1 * 0.05**4),
            "h5_over_z5": math.sqrt(0.5 - 1 / (2 * math.pi))}
