# right: the closed forms written out with numbers
def predicted_relu_tables():
    return {"growth": 50 ** 0.5, "std_z5": 10 * 50**2, "var_z5_small": 0.1 * 0.05**4,
            "h5_over_z5": (0.5 - 1 / (2 * math.pi)) ** 0.5}
