# wrong: Var(relu(z)) = (1/2 - 1/(2 pi)) Var(z) used in the recursion instead of E[relu(z)^2] = Var(z) / 2
def predicted_relu_tables():
    c = 0.5 - 1 / (2 * math.pi)
    return {"growth": math.sqrt(100 * c), "std_z5": 10 * math.sqrt(100 * c) ** 4, "var_z5_small": 0.1 * (0.1 * c) ** 4,
            "h5_over_z5": math.sqrt(c)}
