# wrong: reads 0.001 as the weights' std, not their variance
def predicted_relu_tables():
    v = 0.001**2
    return {"growth": math.sqrt(50), "std_z5": 10 * math.sqrt(50) ** 4, "var_z5_small": 100 * v * (50 * v) ** 4,
            "h5_over_z5": math.sqrt(0.5 - 1 / (2 * math.pi))}
