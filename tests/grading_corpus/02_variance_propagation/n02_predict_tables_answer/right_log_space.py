# right: logarithms of the per-layer factors, then exp
def predicted_relu_tables():
    log_growth = 0.5 * math.log(100 * 1.0 * 0.5)
    log_small = math.log(100 * 0.001 * 0.5)
    return {"growth": math.exp(log_growth), "std_z5": math.exp(math.log(10.0) + 4 * log_growth),
            "var_z5_small": math.exp(math.log(0.1) + 4 * log_small),
            "h5_over_z5": math.exp(0.5 * math.log(0.5 - 0.5 / math.pi))}
