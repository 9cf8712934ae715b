# wrong: "ReLU halves the variance": std(h) / std(z) = 1 / sqrt(2)
def predicted_relu_tables():
    return {"growth": math.sqrt(50), "std_z5": 10 * math.sqrt(50) ** 4, "var_z5_small": 0.1 * 0.05**4,
            "h5_over_z5": 1 / math.sqrt(2)}
