# wrong: a ReLU factor at layer 1 too (the input is not passed through a ReLU)
def predicted_relu_tables():
    return {"growth": math.sqrt(50), "std_z5": math.sqrt(50) ** 5, "var_z5_small": 0.05**5,
            "h5_over_z5": math.sqrt(0.5 - 1 / (2 * math.pi))}
