# wrong: the post's linear tables (no ReLU factor 1/2)
def predicted_relu_tables():
    return {"growth": 10.0, "std_z5": 1e5, "var_z5_small": 1e-5, "h5_over_z5": math.sqrt(0.5 - 1 / (2 * math.pi))}
