# wrong: std(z_5) from the growth alone, as if std(z_1) were 1
def predicted_relu_tables():
    return {"growth": math.sqrt(50), "std_z5": math.sqrt(50) ** 4, "var_z5_small": 0.05**4,
            "h5_over_z5": math.sqrt(0.5 - 1 / (2 * math.pi))}
